import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import { CALL_PARK_REFUSED_STATUS, DUPLICATE_EXTENSION_STATUS } from "../../src/emulator/routes/telephony.js";
import { adminToken, botToken, client, items, json } from "./support.js";

// Writes per features-call-park.yml: "Create a Call Park Extension" (POST …/callParkExtensions,
// PostCallParkExtensionObject: name ≤ 30 and extension 2–10, both required) → 201 { id };
// "Update a Call Park Extension" (PUT, ModifyCallExtensionParkObject) → 204; "Create a Call Park"
// (POST …/callParks, PostCallParkObject: name and recall required) → 201 { id }; "Update a Call
// Park" (PUT, ModifyCallParkObject) → 200 { id }, and "The Call Park ID will change upon
// modification of the Call Park name". The status for a taken extension is UNCONFIRMED
// (next-features Q1.1); the emulator's choice is DUPLICATE_EXTENSION_STATUS.
const GLOBEX = "Globex";
const RO_ADMIN = "ro-admin-token";

function seed(): OrgSeed {
  const base = buildDemoOrg();
  base.admins.push({
    email: "rhea@acme.example",
    displayName: "Rhea Reader",
    token: RO_ADMIN,
    scopes: ["spark-admin:telephony_config_read"],
  });
  base.customerOrgs = [
    {
      name: GLOBEX,
      locations: [{ name: "HQ", callParkExtensions: [{ extension: "1234", name: "Globex Lobby" }] }],
      admins: [{ email: "gus@globex.example", displayName: "Gus Globex", token: "globex-admin-token" }],
    },
  ];
  return base;
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: seed() });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset({ keepWebhooks: true }));

const admin = () => client(emulator.apiUrl, adminToken);
const locationId = (name: string, orgName?: string) => {
  const location = emulator.location(name, orgName);
  if (!location) throw new Error(`no location ${name}`);
  return location.id;
};
const orgIdOf = (name: string) => {
  const org = emulator.orgs().find((o) => o.name === name);
  if (!org) throw new Error(`no org ${name}`);
  return org.id;
};
const cpesOf = (location: string) => `/telephony/config/locations/${location}/callParkExtensions`;
const parksOf = (location: string) => `/telephony/config/locations/${location}/callParks`;
const cpeId = (location: string, extension: string, orgName?: string) => {
  const cpe = emulator.callParkExtension(location, extension, orgName);
  if (!cpe) throw new Error(`no extension ${extension} at ${location}`);
  return cpe.id;
};
const parkNamed = (location: string, name: string) =>
  emulator.callParks(location).find((p) => p.name === name);
const recall = { option: "ALERT_PARKING_USER_ONLY" };

/** A Webex error body: message, errors[{ description }], trackingId. */
function expectWebexError(body: Record<string, unknown>) {
  expect(body).toMatchObject({
    message: expect.any(String),
    errors: [{ description: expect.any(String) }],
    trackingId: expect.any(String),
  });
}

describe("POST …/callParkExtensions", () => {
  it("creates with 201 { id } and the extension is then listed and readable", async () => {
    const api = admin();
    const created = await api.post(cpesOf(locationId("Denver")), { name: "Mile High", extension: "7001" });
    expect(created.status).toBe(201);
    expect(Object.keys(json(created))).toEqual(["id"]);
    const id = String(json(created).id);
    expect(id).toBe(cpeId("Denver", "7001"));
    const detail = await api.get(`${cpesOf(locationId("Denver"))}/${id}`);
    expect(json(detail)).toEqual({ extension: "7001", name: "Mile High" });
  });

  it("refuses a missing or malformed name or extension with a Webex 400", async () => {
    const api = admin();
    const path = cpesOf(locationId("Denver"));
    for (const body of [
      { extension: "7001" },
      { name: "No number" },
      { name: "x".repeat(31), extension: "7001" },
      { name: "Short", extension: "7" },
      { name: "Long", extension: "12345678901" },
      { name: "Letters", extension: "70a1" },
    ]) {
      const response = await api.post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expectWebexError(json(response));
    }
    expect(emulator.callParkExtensions().filter((c) => c.locationName === "Denver")).toEqual([]);
    expect((await api.post(path, { name: "x".repeat(30), extension: "1234567890" })).status).toBe(201);
  });

  it("refuses an extension already used at the location, but not one used at another location", async () => {
    const api = admin();
    const refused = await api.post(cpesOf(locationId("HQ")), { name: "Again", extension: "1234" });
    expect(refused.status).toBe(DUPLICATE_EXTENSION_STATUS);
    expect(DUPLICATE_EXTENSION_STATUS).toBe(400);
    const body = json(refused);
    expectWebexError(body);
    expect(body.errors).toEqual([{ description: expect.stringContaining("1234"), errorCode: 9495 }]);
    expect(emulator.callParkExtensions().filter((c) => c.extension === "1234")).toHaveLength(1);
    expect(
      (await api.post(cpesOf(locationId("Denver")), { name: "Elsewhere", extension: "1234" })).status,
    ).toBe(201);
  });

  it("refuses the bot's token and an admin without telephony_config_write with 403", async () => {
    const path = cpesOf(locationId("Denver"));
    const body = { name: "Nope", extension: "7001" };
    const bot = await client(emulator.apiUrl, botToken).post(path, body);
    expect(bot.status).toBe(403);
    expectWebexError(json(bot));
    expect((await client(emulator.apiUrl, RO_ADMIN).post(path, body)).status).toBe(403);
    expect(emulator.callParkExtension("Denver", "7001")).toBeUndefined();
  });

  it("creates in a customer org's location with the partner's token and orgId", async () => {
    const api = admin();
    const globex = orgIdOf(GLOBEX);
    const globexHq = locationId("HQ", GLOBEX);
    // Without orgId the location is not in the caller's org: 404.
    expect((await api.post(cpesOf(globexHq), { name: "G", extension: "7001" })).status).toBe(404);
    const created = await api.post(`${cpesOf(globexHq)}?orgId=${globex}`, { name: "G", extension: "7001" });
    expect(created.status).toBe(201);
    expect(json(created).id).toBe(cpeId("HQ", "7001", GLOBEX));
    expect(emulator.callParkExtension("HQ", "7001")).toBeUndefined();
    const dup = await api.post(`${cpesOf(globexHq)}?orgId=${globex}`, { name: "G2", extension: "1234" });
    expect(dup.status).toBe(DUPLICATE_EXTENSION_STATUS);
  });
});

describe("PUT …/callParkExtensions/{id}", () => {
  it("updates name and extension with 204 and no body, keeping the id", async () => {
    const api = admin();
    const id = cpeId("HQ", "2001");
    const response = await api.put(`${cpesOf(locationId("HQ"))}/${id}`, {
      name: "Front Desk",
      extension: "2002",
    });
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect(emulator.callParkExtension("HQ", "2002")).toMatchObject({ id, name: "Front Desk" });
    expect(emulator.callParkExtension("HQ", "2001")).toBeUndefined();
  });

  it("validates like create, refuses a taken extension, and allows its own", async () => {
    const api = admin();
    const path = `${cpesOf(locationId("HQ"))}/${cpeId("HQ", "2001")}`;
    for (const body of [{ name: "x".repeat(31) }, { extension: "1" }, { extension: "abc" }]) {
      expect((await api.put(path, body)).status, JSON.stringify(body)).toBe(400);
    }
    const taken = await api.put(path, { extension: "1234" });
    expect(taken.status).toBe(DUPLICATE_EXTENSION_STATUS);
    expectWebexError(json(taken));
    expect(emulator.callParkExtension("HQ", "2001")?.name).toBe("Reception");
    expect((await api.put(path, { extension: "2001", name: "Same Number" })).status).toBe(204);
    expect(emulator.callParkExtension("HQ", "2001")?.name).toBe("Same Number");
  });

  it("is 404 for another location's extension, 403 for the bot, and honours orgId", async () => {
    const api = admin();
    expect(
      (await api.put(`${cpesOf(locationId("Denver"))}/${cpeId("HQ", "2001")}`, { name: "X" })).status,
    ).toBe(404);
    expect(
      (await client(emulator.apiUrl, botToken).put(`${cpesOf(locationId("HQ"))}/${cpeId("HQ", "2001")}`, {}))
        .status,
    ).toBe(403);
    const globexPath = `${cpesOf(locationId("HQ", GLOBEX))}/${cpeId("HQ", "1234", GLOBEX)}`;
    expect((await api.put(globexPath, { name: "Renamed" })).status).toBe(404);
    expect((await api.put(`${globexPath}?orgId=${orgIdOf(GLOBEX)}`, { name: "Renamed" })).status).toBe(204);
    expect(emulator.callParkExtension("HQ", "1234", GLOBEX)?.name).toBe("Renamed");
  });
});

describe("POST …/callParks", () => {
  it("creates with 201 { id }; the detail shows the members and agents", async () => {
    const api = admin();
    const hq = locationId("HQ");
    const ada = emulator.person("ada@acme.example");
    const created = await api.post(parksOf(hq), {
      name: "Reception Group",
      recall,
      agents: [ada?.id],
      parkOnAgentsEnabled: true,
      callParkExtensions: [cpeId("HQ", "2001")],
    });
    expect(created.status).toBe(201);
    expect(Object.keys(json(created))).toEqual(["id"]);
    const id = String(json(created).id);
    expect(atob(id)).toMatch(/^ciscospark:\/\/us\/CALL_PARK\//);
    const detail = await api.get(`${parksOf(hq)}/${id}`);
    expect(json(detail)).toEqual({
      id,
      name: "Reception Group",
      recall,
      agents: [
        {
          id: ada?.id,
          firstName: "Ada",
          lastName: "Admin",
          displayName: "Ada Admin",
          type: "PEOPLE",
          email: "ada@acme.example",
        },
      ],
      parkOnAgentsEnabled: true,
      callParkExtensions: [{ id: cpeId("HQ", "2001"), extension: "2001", name: "Reception" }],
    });
    expect(items(await api.get(parksOf(hq)), "callParks").map((p) => p.name)).toContain("Reception Group");
  });

  it("requires name and recall, and refuses a recall that needs a hunt group", async () => {
    const api = admin();
    const path = parksOf(locationId("Denver"));
    for (const body of [
      { recall },
      { name: "No recall" },
      { name: "x".repeat(81), recall },
      { name: "Hunt", recall: { option: "ALERT_HUNT_GROUP_ONLY" } },
      { name: "Hunt", recall: { option: "ALERT_PARKING_USER_ONLY", huntGroupId: "nope" } },
      { name: "Bad option", recall: { option: "RING_EVERYONE" } },
    ]) {
      const response = await api.post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expectWebexError(json(response));
    }
    expect(emulator.callParks("Denver")).toEqual([]);
  });

  it("refuses a member that is not a call park extension of that location", async () => {
    const api = admin();
    const path = parksOf(locationId("Denver"));
    for (const members of [[cpeId("HQ", "2001")], ["unknown"], [cpeId("HQ", "2001"), cpeId("HQ", "2001")]]) {
      const response = await api.post(path, { name: "Foreign", recall, callParkExtensions: members });
      expect(response.status).toBe(CALL_PARK_REFUSED_STATUS);
      expectWebexError(json(response));
    }
    expect(emulator.callParks("Denver")).toEqual([]);
    const own = await api.post(cpesOf(locationId("Denver")), { name: "Mile High", extension: "7001" });
    const ok = await api.post(path, { name: "Local", recall, callParkExtensions: [json(own).id] });
    expect(ok.status).toBe(201);
  });

  it("refuses an extension already in another call park, a taken name, and an agent of another org", async () => {
    const api = admin();
    const hq = parksOf(locationId("HQ"));
    const inLobby = await api.post(hq, { name: "Second", recall, callParkExtensions: [cpeId("HQ", "1234")] });
    expect(inLobby.status).toBe(CALL_PARK_REFUSED_STATUS);
    expect(json(inLobby).errors).toEqual([{ description: expect.stringContaining("Lobby Group") }]);
    expect((await api.post(hq, { name: "Lobby Group", recall })).status).toBe(CALL_PARK_REFUSED_STATUS);
    const gus = emulator.person("gus@globex.example");
    expect((await api.post(hq, { name: "Agents", recall, agents: [gus?.id] })).status).toBe(400);
    expect((await api.post(hq, { name: "Agents", recall, agents: [emulator.botPerson.id] })).status).toBe(
      400,
    );
    expect(emulator.callParks("HQ").map((p) => p.name)).toEqual(["Lobby Group", "Overflow Group"]);
  });

  it("is 403 for the bot and creates in a customer org with orgId", async () => {
    const body = { name: "Globex Group", recall, callParkExtensions: [cpeId("HQ", "1234", GLOBEX)] };
    const globexHq = locationId("HQ", GLOBEX);
    expect((await client(emulator.apiUrl, botToken).post(parksOf(globexHq), body)).status).toBe(403);
    const api = admin();
    expect((await api.post(parksOf(globexHq), body)).status).toBe(404);
    const created = await api.post(`${parksOf(globexHq)}?orgId=${orgIdOf(GLOBEX)}`, body);
    expect(created.status).toBe(201);
    expect(emulator.callParks("HQ", GLOBEX).map((p) => [p.id, p.name])).toEqual([
      [json(created).id, "Globex Group"],
    ]);
  });
});

describe("PUT …/callParks/{id}", () => {
  it("answers 200 { id } with a new id after a rename; the members are kept and the old id is gone", async () => {
    const api = admin();
    const hq = locationId("HQ");
    const lobby = parkNamed("HQ", "Lobby Group");
    const renamed = await api.put(`${parksOf(hq)}/${lobby?.id}`, { name: "Front Group" });
    expect(renamed.status).toBe(200);
    const newId = String(json(renamed).id);
    expect(Object.keys(json(renamed))).toEqual(["id"]);
    expect(newId).not.toBe(lobby?.id);
    const detail = json(await api.get(`${parksOf(hq)}/${newId}`));
    expect(detail.name).toBe("Front Group");
    expect(detail.callParkExtensions).toEqual(lobby?.callParkExtensions);
    expect((await api.get(`${parksOf(hq)}/${lobby?.id}`)).status).toBe(404);
    // Deterministic: the same rename after a reset gives the same id; the seeded id is back.
    emulator.reset({ keepWebhooks: true });
    expect(parkNamed("HQ", "Lobby Group")?.id).toBe(lobby?.id);
    expect(json(await api.put(`${parksOf(hq)}/${lobby?.id}`, { name: "Front Group" })).id).toBe(newId);
  });

  it("keeps the id when the name is unchanged and replaces the members when the body lists them", async () => {
    const api = admin();
    const hq = locationId("HQ");
    const lobby = parkNamed("HQ", "Lobby Group");
    const path = `${parksOf(hq)}/${lobby?.id}`;
    const response = await api.put(path, { name: "Lobby Group", callParkExtensions: [cpeId("HQ", "2001")] });
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ id: lobby?.id });
    expect(parkNamed("HQ", "Lobby Group")?.callParkExtensions.map((c) => c.extension)).toEqual(["2001"]);
    // An extension the body leaves out is free again for another call park.
    const overflow = parkNamed("HQ", "Overflow Group");
    expect(
      (await api.put(`${parksOf(hq)}/${overflow?.id}`, { callParkExtensions: [cpeId("HQ", "1234")] })).status,
    ).toBe(200);
    expect(parkNamed("HQ", "Overflow Group")?.callParkExtensions.map((c) => c.extension)).toEqual(["1234"]);
    expect((await api.put(path, { parkOnAgentsEnabled: true })).status).toBe(200);
    expect(parkNamed("HQ", "Lobby Group")).toMatchObject({
      parkOnAgentsEnabled: true,
      callParkExtensions: [expect.objectContaining({ extension: "2001" })],
    });
  });

  it("refuses foreign or taken members and a taken name, changing nothing", async () => {
    const api = admin();
    const hq = locationId("HQ");
    const overflow = parkNamed("HQ", "Overflow Group");
    const path = `${parksOf(hq)}/${overflow?.id}`;
    for (const body of [
      { name: "Renamed", callParkExtensions: [cpeId("Branch Office", "4001")] },
      { name: "Renamed", callParkExtensions: [cpeId("HQ", "1234")] },
      { name: "Lobby Group" },
      { name: "" },
      { recall: { option: "ALERT_HUNT_GROUP_ONLY" } },
    ]) {
      const response = await api.put(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expectWebexError(json(response));
    }
    expect(parkNamed("HQ", "Overflow Group")).toEqual(overflow);
    expect(parkNamed("HQ", "Renamed")).toBeUndefined();
  });

  it("is 404 for an unknown or another location's call park, 403 for the bot, and honours orgId", async () => {
    const api = admin();
    const lobby = parkNamed("HQ", "Lobby Group");
    expect((await api.put(`${parksOf(locationId("Denver"))}/${lobby?.id}`, { name: "X" })).status).toBe(404);
    expect((await api.put(`${parksOf(locationId("HQ"))}/nope`, { name: "X" })).status).toBe(404);
    expect(
      (
        await client(emulator.apiUrl, botToken).put(`${parksOf(locationId("HQ"))}/${lobby?.id}`, {
          name: "X",
        })
      ).status,
    ).toBe(403);
    expect(parkNamed("HQ", "Lobby Group")?.id).toBe(lobby?.id);
    const globexHq = locationId("HQ", GLOBEX);
    const globex = orgIdOf(GLOBEX);
    const created = await api.post(`${parksOf(globexHq)}?orgId=${globex}`, { name: "G", recall });
    const path = `${parksOf(globexHq)}/${json(created).id}`;
    expect((await api.put(path, { name: "G2" })).status).toBe(404);
    const renamed = await api.put(`${path}?orgId=${globex}`, {
      name: "G2",
      callParkExtensions: [cpeId("HQ", "1234", GLOBEX)],
    });
    expect(renamed.status).toBe(200);
    expect(emulator.callParks("HQ", GLOBEX)).toEqual([
      expect.objectContaining({ id: json(renamed).id, name: "G2", callParkExtensions: [expect.anything()] }),
    ]);
  });
});
