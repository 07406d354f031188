import { describe, expect, it } from "vitest";
import {
  type BulkConfirmCardInput,
  buildBulkConfirmCard,
  MAX_NAMED,
  TYPED_LOCATION_INPUT,
} from "../../../../commands/cards/build-bulk-confirm-card.js";
import type { ParkTarget } from "../../../../commands/park-target.js";

const EXPIRES = Date.UTC(2026, 11, 3, 14, 5, 0);
const target = (extension: string, locationName = "HQ"): ParkTarget => ({
  callParkExtensionId: `CPE_${extension}`,
  locationId: `LOC_${locationName}`,
  locationName,
  extension,
  name: `Park ${extension}`,
});

const base: BulkConfirmCardInput = {
  targets: Array.from({ length: 30 }, (_, i) => target(String(6000 + i))),
  notFound: ["6999"],
  ambiguous: [],
  groupLosses: [{ name: "Dock Group", locationName: "HQ", extensions: ["6000", "6001"] }],
  groupsPartial: false,
  orgName: "Acme",
  requester: { displayName: "Alice Admin", email: "alice@example.com" },
  expiresAt: EXPIRES,
  now: EXPIRES - 5 * 60_000,
  confirmToken: "v2.confirm.sig",
  cancelToken: "v2.cancel.sig",
  notChecked: "Monitoring lists are not checked.",
};

type Element = Record<string, unknown>;
const body = (card: Record<string, unknown>) => card.body as Element[];
const facts = (card: Record<string, unknown>) =>
  Object.fromEntries(
    ((body(card).find((e) => e.type === "FactSet")?.facts ?? []) as { title: string; value: string }[]).map(
      (f) => [f.title, f.value],
    ),
  );

describe("buildBulkConfirmCard", () => {
  it("says how many, where, the first ones by name and a count of the rest", () => {
    const { card, markdown } = buildBulkConfirmCard(base);
    expect(body(card)[0]?.text).toBe("Delete 30 call park extensions?");
    expect(facts(card).Extensions).toBe("30 at HQ");
    const listed = String(body(card)[1]?.text);
    expect(listed).toContain("6000 (Park 6000)");
    expect(listed).toContain(`, and ${30 - MAX_NAMED} more`);
    expect(listed).not.toContain(`${6000 + MAX_NAMED} (`);
    expect(markdown).toContain("delete 30 call park extensions at **HQ**");
  });

  it("names the call park groups that lose members, and the numbers not found", () => {
    const { card } = buildBulkConfirmCard(base);
    expect(facts(card)["Call park groups"]).toBe("**Dock Group** (HQ) loses 2: 6000, 6001.");
    expect(facts(card)["Not found"]).toBe("6999");
  });

  it("says the groups are unknown rather than none when they could not be read", () => {
    const { card } = buildBulkConfirmCard({ ...base, groupLosses: undefined });
    expect(facts(card)["Call park groups"]).toBe("I couldn't check them just now.");
  });

  it("groups by location, and lists numbers at several locations as left out", () => {
    const { card } = buildBulkConfirmCard({
      ...base,
      targets: [target("1234", "HQ"), target("3001", "HQ Annex")],
      ambiguous: [{ extension: "5555", locationNames: ["Branch", "Warehouse"] }],
    });
    expect(facts(card).Extensions).toBe("2 at 2 locations");
    expect(body(card).map((e) => e.text)).toEqual(expect.arrayContaining(["**HQ** — 1: 1234 (Park 1234)"]));
    expect(facts(card)["Left out"]).toMatch(/^5555 \(at Branch, Warehouse\): at several locations/);
  });

  it("delete all asks for the location's name in a text box; a list does not", () => {
    const all = buildBulkConfirmCard({ ...base, typeToConfirm: "HQ" }).card;
    const input = body(all).find((e) => e.type === "Input.Text");
    expect(input).toMatchObject({ id: TYPED_LOCATION_INPUT, placeholder: "HQ" });
    expect(body(buildBulkConfirmCard(base).card).some((e) => e.type === "Input.Text")).toBe(false);
  });

  it("titles the buttons Delete N (destructive) and Cancel, each with its own token", () => {
    const actions = buildBulkConfirmCard(base).card.actions as Element[];
    expect(actions.map((a) => [a.title, a.style, (a.data as Element).parkBotToken])).toEqual([
      ["Delete 30", "destructive", "v2.confirm.sig"],
      ["Cancel", undefined, "v2.cancel.sig"],
    ]);
  });

  it("escapes names for markdown", () => {
    const { card } = buildBulkConfirmCard({ ...base, targets: [{ ...target("1234"), name: "*Lobby*" }] });
    expect(String(body(card)[1]?.text)).toContain("\\*Lobby\\*");
  });
});
