import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { decodeWebexId } from "../../src/emulator/webex-id.js";
import { adminToken, botToken, client, items, json, startDemo } from "./support.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startDemo();
});
afterAll(() => emulator.close());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("IDs", () => {
  it("are unpadded base64url of ciscospark://us/TYPE/<uuid>", () => {
    const cases: [string | undefined, string][] = [
      [emulator.botPerson.id, "PEOPLE"],
      [emulator.room("Voice Admins")?.id, "ROOM"],
      [emulator.location("HQ")?.id, "LOCATION"],
      [emulator.callParkExtension("HQ", "1234")?.id, "CALL_PARK_EXTENSION"],
      [emulator.org.id, "ORGANIZATION"],
    ];
    for (const [id, type] of cases) {
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      const decoded = Buffer.from(id ?? "", "base64url").toString("utf8");
      expect(decoded).toMatch(new RegExp(`^ciscospark://us/${type}/`));
      expect(decodeWebexId(id ?? "")?.uuid).toMatch(uuid);
    }
  });

  it("give memberships the person:room layout Webex uses", async () => {
    const room = emulator.room("Alice");
    const response = await client(emulator.apiUrl, botToken).get(
      `/memberships?roomId=${room?.id}&personId=${emulator.botPerson.id}`,
    );
    const [membership] = items(response);
    const decoded = decodeWebexId(String(membership?.id));
    expect(decoded?.type).toBe("MEMBERSHIP");
    expect(decoded?.uuid).toBe(
      `${decodeWebexId(emulator.botPerson.id)?.uuid}:${decodeWebexId(room?.id ?? "")?.uuid}`,
    );
  });
});

describe("people", () => {
  it("GET /people/me answers the bot as type bot", async () => {
    const me = json(await client(emulator.apiUrl, botToken).get("/people/me"));
    expect(me).toMatchObject({
      id: emulator.botPerson.id,
      emails: ["park-bot@webex.bot"],
      displayName: "Park Bot",
      type: "bot",
      orgId: emulator.org.id,
    });
    expect(me).not.toHaveProperty("roles");
  });

  it("serves the SDK's batched lookup GET /people/?id=A,B&showAllTypes=false", async () => {
    const alice = emulator.person("alice@acme.example");
    const bob = emulator.person("bob@acme.example");
    const missing = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk";
    const response = await client(emulator.apiUrl, botToken).get(
      `/people/?id=${alice?.id},${bob?.id},${missing}&showAllTypes=false`,
    );
    expect(response.status).toBe(200);
    expect(items(response).map((p) => p.id)).toEqual([alice?.id, bob?.id]);
    expect(items(response)[0]).toMatchObject({
      emails: ["alice@acme.example"],
      displayName: "Alice Admin",
      type: "person",
      firstName: "Alice",
      lastName: "Admin",
    });
    expect(json(response).notFoundIds).toEqual([missing]);
  });

  it("finds people by email and requires a filter from non-admins", async () => {
    const api = client(emulator.apiUrl, botToken);
    const byEmail = await api.get("/people?email=BOB@acme.example");
    expect(items(byEmail).map((p) => p.displayName)).toEqual(["Bob Builder"]);
    expect((await api.get("/people")).status).toBe(400);
  });

  it("shows roles to an admin on GET /people/{id}, not to the bot", async () => {
    const alice = emulator.person("alice@acme.example");
    const asAdmin = json(await client(emulator.apiUrl, adminToken).get(`/people/${alice?.id}`));
    expect(asAdmin.roles).toEqual([expect.any(String)]);
    const roles = items(await client(emulator.apiUrl, adminToken).get("/roles"));
    expect(roles.map((r) => r.id)).toContain((asAdmin.roles as string[])[0]);
    const asBot = json(await client(emulator.apiUrl, botToken).get(`/people/${alice?.id}`));
    expect(asBot).not.toHaveProperty("roles");
    const bob = json(
      await client(emulator.apiUrl, adminToken).get(`/people/${emulator.person("bob@acme.example")?.id}`),
    );
    expect(bob.roles).toEqual([]);
  });

  it("answers 404 for an unknown person", async () => {
    expect(
      (await client(emulator.apiUrl, botToken).get("/people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk")).status,
    ).toBe(404);
  });
});

describe("rooms and memberships", () => {
  it("lists the rooms the caller is in", async () => {
    const botRooms = items(await client(emulator.apiUrl, botToken).get("/rooms"));
    // A 1:1 room is titled with the other person's name, whatever the seed called it.
    expect(botRooms.map((r) => r.title).sort()).toEqual(["Alice Admin", "Voice Admins"]);
    expect(botRooms.find((r) => r.id === emulator.room("Alice")?.id)).toMatchObject({
      type: "direct",
      isLocked: false,
      creatorId: expect.any(String),
    });
    const adaRooms = items(await client(emulator.apiUrl, adminToken).get("/rooms"));
    expect(adaRooms).toEqual([]);
  });

  it("answers 404 for a room the caller is not in", async () => {
    const room = emulator.room("Voice Admins");
    expect((await client(emulator.apiUrl, botToken).get(`/rooms/${room?.id}`)).status).toBe(200);
    expect((await client(emulator.apiUrl, adminToken).get(`/rooms/${room?.id}`)).status).toBe(404);
  });

  it("lists a room's memberships, and the caller's own without roomId", async () => {
    const api = client(emulator.apiUrl, botToken);
    const room = emulator.room("Voice Admins");
    const members = items(await api.get(`/memberships?roomId=${room?.id}`));
    expect(members.map((m) => m.personEmail).sort()).toEqual([
      "alice@acme.example",
      "bob@acme.example",
      "mallory@contractor.example",
      "park-bot@webex.bot",
      "rita@acme.example",
    ]);
    expect(members[0]).toMatchObject({
      roomId: room?.id,
      personOrgId: emulator.org.id,
      isModerator: false,
      isMonitor: false,
      roomType: "group",
    });
    const mine = items(await api.get("/memberships?max=1000"));
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((m) => m.personId))).toEqual(new Set([emulator.botPerson.id]));
    const one = await api.get(`/memberships/${members[0]?.id}`);
    expect(json(one).id).toBe(members[0]?.id);
    expect((await api.get(`/memberships?personId=${emulator.botPerson.id}`)).status).toBe(400);
  });
});

describe("admin roles", () => {
  it("GET /roles names every admin role; a token without spark-admin:people_read gets 403", async () => {
    const roles = items(await client(emulator.apiUrl, adminToken).get("/roles"));
    expect(roles.map((r) => r.name)).toEqual([
      "Full Administrator",
      "Read-only Administrator",
      "User Administrator",
      "Device Administrator",
      "Support Administrator",
    ]);
    for (const role of roles)
      expect(Buffer.from(String(role.id), "base64").toString()).toMatch(/^ciscospark:\/\/us\/ROLE\//);
    expect((await client(emulator.apiUrl, botToken).get("/roles")).status).toBe(403);
  });

  it("setRoles grants and revokes: the next GET /people/{id} shows the change", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const roles = items(await api.get("/roles"));
    const idOf = (name: string) => roles.find((r) => r.name === name)?.id;
    const alice = emulator.person("alice@acme.example");
    emulator.setRoles("alice@acme.example", ["Read-only Administrator"]);
    expect(json(await api.get(`/people/${alice?.id}`)).roles).toEqual([idOf("Read-only Administrator")]);
    emulator.setRoles("alice@acme.example", []);
    expect(json(await api.get(`/people/${alice?.id}`)).roles).toEqual([]);
    emulator.setRoles("alice@acme.example", ["Full Administrator"]);
    expect(json(await api.get(`/people/${alice?.id}`)).roles).toEqual([idOf("Full Administrator")]);
  });

  it("hides roles from a token without spark-admin:people_read, and a person of another org's roles", async () => {
    const seed = buildDemoOrg();
    seed.admins.push({
      email: "tele@acme.example",
      displayName: "Telephony Only",
      token: "telephony-only-token",
      scopes: ["spark-admin:telephony_config_read"],
    });
    seed.people.push({
      email: "guest@partner.example",
      displayName: "Guest",
      admin: true,
      orgId: "other-org",
    });
    const other = await startEmulator({ seed });
    try {
      const alice = other.person("alice@acme.example");
      const limited = client(other.apiUrl, "telephony-only-token");
      expect((await limited.get("/roles")).status).toBe(403);
      expect(json(await limited.get(`/people/${alice?.id}`))).not.toHaveProperty("roles");
      const guest = other.person("guest@partner.example");
      expect(json(await client(other.apiUrl, adminToken).get(`/people/${guest?.id}`))).not.toHaveProperty(
        "roles",
      );
    } finally {
      await other.close();
    }
  });
});
