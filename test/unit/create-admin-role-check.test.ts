import { describe, expect, it } from "vitest";
import { createAdminRoleCheck, FULL_ADMINISTRATOR } from "../../src/create-admin-role-check.js";
import { createLogger } from "../../src/logger.js";
import type { DirectoryApi } from "../../src/webex/create-directory-api.js";
import type { PersonRoles, Role } from "../../src/webex/schemas.js";

const ORG = Buffer.from("ciscospark://us/ORGANIZATION/0b8e6f5a-1111-4c3d-9e2f-aaaaaaaaaaaa").toString(
  "base64url",
);
const OTHER_ORG = Buffer.from("ciscospark://us/ORGANIZATION/0b8e6f5a-2222-4c3d-9e2f-bbbbbbbbbbbb").toString(
  "base64url",
);
const ROLES: Role[] = [
  { id: "r-full", name: FULL_ADMINISTRATOR },
  { id: "r-ro", name: "Read-only Administrator" },
  { id: "r-user", name: "User Administrator" },
  { id: "r-device", name: "Device Administrator" },
  { id: "r-support", name: "Support Administrator" },
];
const TTL = 60_000;

/** An in-memory directory that counts its reads; `fail` makes the next reads throw. */
function directoryOf(people: Record<string, PersonRoles>, roles: Role[] = ROLES) {
  const reads = { people: 0, roles: 0 };
  const failing = { people: false, roles: false };
  const directory: Pick<DirectoryApi, "readPersonRoles" | "listRoles"> = {
    async readPersonRoles(personId) {
      reads.people++;
      if (failing.people) throw new Error("Webex is down");
      const person = people[personId];
      if (!person) throw new Error("404");
      return structuredClone(person);
    },
    async listRoles() {
      reads.roles++;
      if (failing.roles) throw new Error("Webex is down");
      return structuredClone(roles);
    },
  };
  return { directory, reads, failing, people, roles };
}

function setup(people: Record<string, PersonRoles>, roles?: Role[]) {
  const d = directoryOf(people, roles);
  const clock = {
    t: 1_000_000,
    now() {
      return this.t;
    },
  };
  const check = createAdminRoleCheck({
    directory: d.directory,
    clock,
    ttlMs: TTL,
    logger: createLogger("silent"),
  });
  return { ...d, clock, check };
}

const person = (roles: string[] | undefined, orgId = ORG): PersonRoles => ({
  id: "p",
  orgId,
  ...(roles ? { roles } : {}),
});

describe("the admin-role check", () => {
  it("admits a Full Administrator of the org the command acts on", async () => {
    const { check } = setup({ alice: person(["r-full"]) });
    await expect(check.check("alice", ORG)).resolves.toEqual({ ok: true });
  });

  it("admits a Full Administrator who also holds other roles", async () => {
    const { check } = setup({ alice: person(["r-ro", "r-full"]) });
    await expect(check.check("alice", ORG)).resolves.toEqual({ ok: true });
  });

  it.each([
    ["r-ro", "Read-only Administrator"],
    ["r-user", "User Administrator"],
    ["r-device", "Device Administrator"],
    ["r-support", "Support Administrator"],
  ])("refuses a person whose only role is %s, naming it", async (id, name) => {
    const { check } = setup({ rita: person([id]) });
    await expect(check.check("rita", ORG)).resolves.toEqual({
      ok: false,
      reason: "not-full-admin",
      heldRoles: [name],
      unnamed: 0,
    });
  });

  it("refuses a person with no role at all", async () => {
    const { check } = setup({ bob: person([]) });
    await expect(check.check("bob", ORG)).resolves.toEqual({
      ok: false,
      reason: "not-full-admin",
      heldRoles: [],
      unnamed: 0,
    });
  });

  it("refuses when Webex shows no roles field (the token may not see them): unverified, not 'none'", async () => {
    const { check } = setup({ bob: person(undefined) });
    await expect(check.check("bob", ORG)).resolves.toMatchObject({ ok: false, reason: "unverified" });
  });

  it("refuses a Full Administrator of another org, and when the acting org is unknown", async () => {
    const { check } = setup({ eve: person(["r-full"], OTHER_ORG) });
    await expect(check.check("eve", ORG)).resolves.toEqual({ ok: false, reason: "other-org" });
    await expect(check.check("eve", undefined)).resolves.toEqual({ ok: false, reason: "other-org" });
  });

  it("matches the org in either form (base64 id or bare UUID)", async () => {
    const { check } = setup({ alice: person(["r-full"]) });
    await expect(check.check("alice", "0B8E6F5A-1111-4C3D-9E2F-AAAAAAAAAAAA")).resolves.toEqual({ ok: true });
  });

  it("refuses when the person read fails, and does not cache the failure", async () => {
    const { check, failing, reads } = setup({ alice: person(["r-full"]) });
    failing.people = true;
    const refused = await check.check("alice", ORG);
    expect(refused).toMatchObject({ ok: false, reason: "unverified" });
    expect(refused.ok === false && refused.reason === "unverified" && refused.err).toBeInstanceOf(Error);
    failing.people = false;
    await expect(check.check("alice", ORG)).resolves.toEqual({ ok: true });
    expect(reads.people).toBe(2);
  });

  it("refuses when the role names cannot be read", async () => {
    const { check, failing } = setup({ alice: person(["r-full"]) });
    failing.roles = true;
    await expect(check.check("alice", ORG)).resolves.toMatchObject({ ok: false, reason: "unverified" });
  });

  it("reads a person once within the TTL, and again after it: a revoked role is seen within the TTL", async () => {
    const { check, reads, people, clock } = setup({ alice: person(["r-full"]) });
    await check.check("alice", ORG);
    clock.t += TTL - 1;
    people.alice = person(["r-ro"]);
    await expect(check.check("alice", ORG)).resolves.toEqual({ ok: true });
    expect(reads.people).toBe(1);
    clock.t += 1;
    await expect(check.check("alice", ORG)).resolves.toMatchObject({ ok: false, reason: "not-full-admin" });
    expect(reads.people).toBe(2);
  });

  it("a clock stepped back does not stretch a cached read: it is read again", async () => {
    const { check, reads, people, clock } = setup({ alice: person(["r-full"]) });
    await check.check("alice", ORG);
    people.alice = person(["r-ro"]);
    clock.t -= 3_600_000;
    await expect(check.check("alice", ORG)).resolves.toMatchObject({ ok: false, reason: "not-full-admin" });
    expect(reads.people).toBe(2);
  });

  it("shares one read between checks of the same person made at once", async () => {
    const { check, reads } = setup({ alice: person(["r-full"]) });
    const all = await Promise.all([
      check.check("alice", ORG),
      check.check("alice", ORG),
      check.check("alice", ORG),
    ]);
    expect(all).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(reads.people).toBe(1);
    expect(reads.roles).toBe(1);
  });

  it("reads no role names when primed; a role id they do not name reads them again, once per TTL", async () => {
    const { check, reads, clock, roles } = setup({ alice: person(["r-full"]), carl: person(["r-new"]) });
    check.prime(ROLES);
    await check.check("alice", ORG);
    expect(reads.roles).toBe(0);
    roles.push({ id: "r-new", name: "Compliance Officer" });
    clock.t += 1;
    // Primed just now: still trusted, so the new id stays unnamed until the names are a TTL old.
    await expect(check.check("carl", ORG)).resolves.toEqual({
      ok: false,
      reason: "not-full-admin",
      heldRoles: [],
      unnamed: 1,
    });
    expect(reads.roles).toBe(0);
    clock.t += TTL;
    await expect(check.check("carl", ORG)).resolves.toEqual({
      ok: false,
      reason: "not-full-admin",
      heldRoles: ["Compliance Officer"],
      unnamed: 0,
    });
    expect(reads.roles).toBe(1);
  });
});
