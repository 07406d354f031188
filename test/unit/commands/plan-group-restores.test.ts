import { describe, expect, it } from "vitest";
import type { ParkSnapshot } from "../../../commands/park-snapshot.js";
import { membersAfterRestore, planGroupRestores } from "../../../commands/plan-group-restores.js";

const snapshot = (
  extension: string,
  groups: { id: string; name: string }[],
  locationId = "loc-1",
): ParkSnapshot => ({
  callParkExtensionId: `old-${extension}`,
  locationId,
  locationName: "HQ",
  extension,
  name: `Park ${extension}`,
  groups,
});

describe("planGroupRestores", () => {
  const lobby = { id: "g-lobby", name: "Lobby Group" };
  const dock = { id: "g-dock", name: "Dock Group" };

  it("gives each group one entry with every re-created member it held", () => {
    const a = snapshot("1234", [lobby]);
    const b = snapshot("1235", [lobby, dock]);
    const c = snapshot("1236", []);
    const plans = planGroupRestores(
      [a, b, c],
      new Map([
        [a, "new-a"],
        [b, "new-b"],
        [c, "new-c"],
      ]),
    );
    expect(plans.map((p) => [p.groupName, p.members.map((m) => m.newId)])).toEqual([
      ["Lobby Group", ["new-a", "new-b"]],
      ["Dock Group", ["new-b"]],
    ]);
  });

  it("leaves out extensions that were not re-created, and groups left with none", () => {
    const a = snapshot("1234", [lobby]);
    const b = snapshot("1235", [dock]);
    const plans = planGroupRestores([a, b], new Map([[b, "new-b"]]));
    expect(plans).toEqual([
      {
        locationId: "loc-1",
        groupId: "g-dock",
        groupName: "Dock Group",
        members: [{ snapshot: b, newId: "new-b" }],
      },
    ]);
  });

  it("keeps groups of the same id at two locations apart", () => {
    const a = snapshot("1234", [lobby], "loc-1");
    const b = snapshot("1234", [lobby], "loc-2");
    const plans = planGroupRestores(
      [a, b],
      new Map([
        [a, "new-a"],
        [b, "new-b"],
      ]),
    );
    expect(plans.map((p) => p.locationId)).toEqual(["loc-1", "loc-2"]);
  });
});

describe("membersAfterRestore", () => {
  it("keeps the members the group holds now and adds the new ids once", () => {
    const a = snapshot("1234", [{ id: "g", name: "G" }]);
    const plan = {
      locationId: "loc-1",
      groupId: "g",
      groupName: "G",
      members: [{ snapshot: a, newId: "new-a" }],
    };
    expect(membersAfterRestore(["kept-1", "new-a", "kept-2"], plan)).toEqual(["kept-1", "new-a", "kept-2"]);
    expect(membersAfterRestore(["kept-1"], plan)).toEqual(["kept-1", "new-a"]);
  });
});
