import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
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
