import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { adminToken, botToken, client, items, json, nextLink, startDemo } from "./support.js";

// Call parks (groups) per features-call-park.yml: "Read the List of Call Parks" answers
// { callParks: ListCallParkObject[] } (name, id, locationName, locationId, all required), "Get
// Details for a Call Park" a GetCallParkObject (id, name, recall, parkOnAgentsEnabled required;
// callParkExtensions of ListCPCallParkExtensionObject: id, extension, name).
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startDemo();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset({ keepWebhooks: true }));

const parksOf = (locationId: string | undefined) => `/telephony/config/locations/${locationId}/callParks`;

describe("call parks: list", () => {
  it("lists a location's call parks with every required field, sorted by name", async () => {
    const hq = emulator.location("HQ");
    const response = await client(emulator.apiUrl, adminToken).get(parksOf(hq?.id));
    expect(response.status).toBe(200);
    const parks = items(response, "callParks");
    expect(parks).toEqual([
      { name: "Lobby Group", id: expect.any(String), locationName: "HQ", locationId: hq?.id },
      { name: "Overflow Group", id: expect.any(String), locationName: "HQ", locationId: hq?.id },
    ]);
    // A Webex id: base64 of ciscospark://us/CALL_PARK/<uuid>.
    expect(Buffer.from(String(parks[0]?.id), "base64").toString()).toMatch(/^ciscospark:\/\/us\/CALL_PARK\//);
    // The list carries no members: those are in the detail only.
    expect(parks[0]).not.toHaveProperty("callParkExtensions");
  });

  it("order DSC reverses it; an order other than ASC/DSC is a 400 with a Webex error body", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const hq = emulator.location("HQ")?.id;
    const names = items(await api.get(`${parksOf(hq)}?order=DSC`), "callParks").map((p) => p.name);
    expect(names).toEqual(["Overflow Group", "Lobby Group"]);
    const bad = await api.get(`${parksOf(hq)}?order=name-asc`);
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({ message: "Invalid order.", trackingId: expect.any(String) });
  });

  it("name filters by 'contains', case-insensitively", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const names = items(await api.get(`${parksOf(emulator.location("HQ")?.id)}?name=lobby`), "callParks").map(
      (p) => p.name,
    );
    expect(names).toEqual(["Lobby Group"]);
  });

  it("pages with start/max and a Link to the next page", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const first = await api.get(`${parksOf(emulator.location("HQ")?.id)}?max=1`);
    expect(items(first, "callParks").map((p) => p.name)).toEqual(["Lobby Group"]);
    const next = nextLink(first.headers);
    expect(next).toBeDefined();
    const second = await api.get(next ?? "");
    expect(items(second, "callParks").map((p) => p.name)).toEqual(["Overflow Group"]);
    expect(nextLink(second.headers)).toBeUndefined();
  });

  it("a location without call parks lists none; an unknown location is 404", async () => {
    const api = client(emulator.apiUrl, adminToken);
    expect(items(await api.get(parksOf(emulator.location("Denver")?.id)), "callParks")).toEqual([]);
    expect((await api.get(parksOf("no-such-location"))).status).toBe(404);
  });

  it("the bot's token is refused (403), and so is an admin without telephony_config_read", async () => {
    expect((await client(emulator.apiUrl, botToken).get(parksOf(emulator.location("HQ")?.id))).status).toBe(
      403,
    );
    const seed = buildDemoOrg();
    seed.admins.push({
      email: "ned@acme.example",
      displayName: "Ned",
      token: "ned-token",
      scopes: ["spark:people_read"],
    });
    const custom = await startEmulator({ seed });
    try {
      expect((await client(custom.apiUrl, "ned-token").get(parksOf(custom.location("HQ")?.id))).status).toBe(
        403,
      );
    } finally {
      await custom.close();
    }
  });
});

describe("call parks: detail", () => {
  it("shows the required fields and the member extensions (id, extension, name)", async () => {
    const hq = emulator.location("HQ");
    const api = client(emulator.apiUrl, adminToken);
    const lobby = items(await api.get(parksOf(hq?.id)), "callParks")[0];
    const response = await api.get(`${parksOf(hq?.id)}/${lobby?.id}`);
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({
      id: lobby?.id,
      name: "Lobby Group",
      recall: { option: "ALERT_PARKING_USER_ONLY" },
      agents: [],
      parkOnAgentsEnabled: false,
      callParkExtensions: [
        { id: emulator.callParkExtension("HQ", "1234")?.id, extension: "1234", name: "Lobby Park" },
        { id: emulator.callParkExtension("HQ", "1235")?.id, extension: "1235", name: "Loading Dock" },
      ],
    });
  });

  it("a call park of another location, or an unknown one, is 404", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const lobby = items(await api.get(parksOf(emulator.location("HQ")?.id)), "callParks")[0];
    expect((await api.get(`${parksOf(emulator.location("Branch Office")?.id)}/${lobby?.id}`)).status).toBe(
      404,
    );
    expect((await api.get(`${parksOf(emulator.location("HQ")?.id)}/nope`)).status).toBe(404);
  });

  it("a deleted extension is no longer a member", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const cpe = emulator.callParkExtension("HQ", "1234");
    expect(
      (await api.del(`/telephony/config/locations/${cpe?.locationId}/callParkExtensions/${cpe?.id}`)).status,
    ).toBe(204);
    expect(emulator.callParks("HQ").find((p) => p.name === "Lobby Group")?.callParkExtensions).toEqual([
      { id: emulator.callParkExtension("HQ", "1235")?.id, extension: "1235", name: "Loading Dock" },
    ]);
  });
});

describe("call parks: seed", () => {
  it("refuses a member that is not a call park extension of that location", async () => {
    const seed = buildDemoOrg();
    const hq = seed.locations.find((l) => l.name === "HQ");
    if (hq) hq.callParks = [{ name: "Bad Group", extensions: ["3001"] }];
    await expect(startEmulator({ seed })).rejects.toThrow(/lists 3001, which is not a call park extension/);
  });
});

describe("call parks: seed checks", () => {
  it("refuses two call parks with one name at a location, and a member listed twice", async () => {
    const twice = buildDemoOrg();
    const hq = twice.locations.find((l) => l.name === "HQ");
    if (hq)
      hq.callParks = [
        { name: "Same", extensions: ["1234"] },
        { name: "Same", extensions: [] },
      ];
    await expect(startEmulator({ seed: twice })).rejects.toThrow(/two call parks at "HQ" are named "Same"/);
    const member = buildDemoOrg();
    const hq2 = member.locations.find((l) => l.name === "HQ");
    if (hq2) hq2.callParks = [{ name: "Twice", extensions: ["1234", "1234"] }];
    await expect(startEmulator({ seed: member })).rejects.toThrow(/lists an extension twice/);
  });

  it("a same-named call park at another location is allowed", async () => {
    const seed = buildDemoOrg();
    const branch = seed.locations.find((l) => l.name === "Branch Office");
    if (branch) branch.callParks = [...(branch.callParks ?? []), { name: "Lobby Group", extensions: [] }];
    const started = await startEmulator({ seed });
    try {
      expect(started.callParks("Branch Office").map((p) => p.name)).toContain("Lobby Group");
      expect(started.callParks("HQ").map((p) => p.name)).toContain("Lobby Group");
    } finally {
      await started.close();
    }
  });
});
