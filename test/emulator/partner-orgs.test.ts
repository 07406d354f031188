import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { roleIdOf } from "../../src/emulator/admin-roles.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import { adminToken, botToken, client, items, json, nextLink } from "./support.js";

// Partner orgs: the seed's main org (Acme Corp) is a partner's; its admins (Ada, adminToken) are
// partner administrators of two customer orgs, which reuse the main org's "HQ" and extension 1234.
// The target org of a telephony or locations call is `orgId` when given, else the caller's own
// (location-call-settings.yml: "the default is the same organization as the token used to access
// API"; locations.yml: "Only admin users of another organization (such as partners) may use this
// parameter"). List Organizations (webex-admin.json): `{ items: [{ id, displayName, created }] }`.
const GLOBEX = "Globex";
const INITECH = "Initech";
const GLOBEX_ADMIN = "globex-admin-token";
const INITECH_ADMIN = "initech-admin-token";
/** An admin of an org the emulator does not hold: not the partner, so no customer org is theirs. */
const OUTSIDER_ADMIN = "outsider-admin-token";
const OUTSIDER_ORG_ID = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdXRzaWRlcg";

function partnerSeed(): OrgSeed {
  const seed = buildDemoOrg();
  seed.admins.push({
    email: "olga@outsider.example",
    displayName: "Olga Outsider",
    token: OUTSIDER_ADMIN,
    orgId: OUTSIDER_ORG_ID,
  });
  seed.customerOrgs = [
    {
      name: GLOBEX,
      locations: [
        {
          name: "HQ",
          routingPrefix: "7100",
          callParkExtensions: [
            { extension: "1234", name: "Globex Lobby" },
            { extension: "7001", name: "Globex Dock" },
          ],
          callParks: [{ name: "Lobby Group", extensions: ["1234"] }],
        },
        { name: "Globex Plant", callParkExtensions: [{ extension: "7101", name: "Plant Park" }] },
      ],
      admins: [{ email: "gus@globex.example", displayName: "Gus Globex", token: GLOBEX_ADMIN }],
      people: [{ email: "gina@globex.example", displayName: "Gina Globex", admin: true }],
    },
    {
      name: INITECH,
      locations: [{ name: "HQ", callParkExtensions: [{ extension: "1234", name: "Initech Lobby" }] }],
      admins: [{ email: "ian@initech.example", displayName: "Ian Initech", token: INITECH_ADMIN }],
      people: [
        { email: "ivy@initech.example", displayName: "Ivy Initech", roles: ["Read-only Administrator"] },
      ],
    },
  ];
  // A customer's person in one of the partner's spaces: emails resolve across orgs.
  seed.rooms.push({
    title: "Globex Support",
    type: "group",
    members: ["ada@acme.example", "gina@globex.example", "park-bot@webex.bot"],
  });
  return seed;
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: partnerSeed() });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset({ keepWebhooks: true }));

const orgIdOf = (name: string) => {
  const org = emulator.orgs().find((o) => o.name === name);
  if (!org) throw new Error(`no org ${name}`);
  return org.id;
};
const cpePath = "/telephony/config/callParkExtensions";
const cpeIn = (locationId: string | undefined, cpeId: string | undefined, orgId?: string) =>
  `/telephony/config/locations/${locationId}/callParkExtensions/${cpeId}${orgId ? `?orgId=${orgId}` : ""}`;
/** Every org's call park extensions as `extension@location`, from the emulator's own state. */
const stateOf = (orgName?: string) =>
  emulator
    .callParkExtensions(orgName)
    .map((c) => `${c.extension}@${c.locationName}`)
    .sort();

describe("partner orgs: seed and emulator state", () => {
  it("holds the main org first, then the customer orgs, each with its own ids", () => {
    const orgs = emulator.orgs();
    expect(orgs.map((o) => o.name)).toEqual(["Acme Corp", GLOBEX, INITECH]);
    expect(orgs[0]).toEqual(emulator.org);
    expect(new Set(orgs.map((o) => o.id)).size).toBe(3);
    for (const org of orgs) expect(Buffer.from(org.id, "base64url").toString()).toMatch(/\/ORGANIZATION\//);
    // One location name and one extension number in three orgs: three different ids.
    const hqs = [undefined, GLOBEX, INITECH].map((org) => emulator.location("HQ", org)?.id);
    const cpes = [undefined, GLOBEX, INITECH].map((org) => emulator.callParkExtension("HQ", "1234", org)?.id);
    expect(new Set(hqs).size).toBe(3);
    expect(new Set(cpes).size).toBe(3);
    expect(emulator.callParkExtension("HQ", "1234", GLOBEX)?.name).toBe("Globex Lobby");
    expect(emulator.callParkExtension("HQ", "1234", INITECH)?.name).toBe("Initech Lobby");
    expect(emulator.callParkExtension("HQ", "1234")?.name).toBe("Lobby Park");
  });

  it("views default to the main org; orgName picks a customer's; an unknown org name throws", () => {
    expect(emulator.locations().map((l) => l.name)).toContain("Warehouse");
    expect(emulator.locations(GLOBEX).map((l) => l.name)).toEqual(["HQ", "Globex Plant"]);
    expect(stateOf(INITECH)).toEqual(["1234@HQ"]);
    expect(stateOf()).not.toContain("7001@HQ");
    expect(emulator.callParks("HQ", GLOBEX)).toEqual([
      expect.objectContaining({
        name: "Lobby Group",
        callParkExtensions: [
          {
            id: emulator.callParkExtension("HQ", "1234", GLOBEX)?.id,
            extension: "1234",
            name: "Globex Lobby",
          },
        ],
      }),
    ]);
    expect(() => emulator.locations("Umbrella")).toThrow(/no org named "Umbrella"/);
  });

  it("customer people belong to their org, sit in rooms, and their roles can be set", () => {
    const gina = emulator.person("gina@globex.example");
    expect(gina?.orgId).toBe(orgIdOf(GLOBEX));
    expect(emulator.person("ian@initech.example")?.orgId).toBe(orgIdOf(INITECH));
    expect(gina?.id).not.toBe(emulator.person("ada@acme.example")?.id);
    const room = emulator.room("Globex Support");
    expect(emulator.members(room?.id ?? "").map((p) => p.emails[0])).toContain("gina@globex.example");
    expect(emulator.adminRoleNames("ivy@initech.example")).toEqual(["Read-only Administrator"]);
    emulator.setRoles("ivy@initech.example", ["Full Administrator"]);
    expect(emulator.adminRoleNames("ivy@initech.example")).toEqual(["Full Administrator"]);
  });

  it("reset() rebuilds every org with the same ids", async () => {
    const before = emulator.callParkExtension("HQ", "1234", GLOBEX);
    const api = client(emulator.apiUrl, adminToken);
    expect((await api.del(cpeIn(before?.locationId, before?.id, orgIdOf(GLOBEX)))).status).toBe(204);
    expect(emulator.callParkExtension("HQ", "1234", GLOBEX)).toBeUndefined();
    emulator.reset();
    expect(emulator.callParkExtension("HQ", "1234", GLOBEX)).toEqual(before);
  });
});

describe("partner orgs: seed checks name the org", () => {
  it("refuses a customer org's duplicate location, extension and call park member", async () => {
    const twice = partnerSeed();
    const globex = twice.customerOrgs?.[0];
    globex?.locations.push({ name: "HQ", callParkExtensions: [] });
    await expect(startEmulator({ seed: twice })).rejects.toThrow(
      'seed: customer org "Globex": two locations are named "HQ"',
    );
    const member = partnerSeed();
    const hq = member.customerOrgs?.[1]?.locations[0];
    if (hq) hq.callParks = [{ name: "Bad", extensions: ["9999"] }];
    await expect(startEmulator({ seed: member })).rejects.toThrow(
      'seed: customer org "Initech": call park "Bad" at "HQ" lists 9999, which is not a call park extension',
    );
  });

  it("refuses a customer org with another org's name or id, and one person in two orgs", async () => {
    const sameName = partnerSeed();
    sameName.customerOrgs?.push({ name: "Acme Corp", id: "another-id", locations: [] });
    await expect(startEmulator({ seed: sameName })).rejects.toThrow(
      'customer org "Acme Corp" has the name of org "Acme Corp"',
    );
    const sameId = partnerSeed();
    sameId.customerOrgs?.push({ name: "Umbrella", id: emulator.org.id, locations: [] });
    await expect(startEmulator({ seed: sameId })).rejects.toThrow(
      'customer org "Umbrella" has the id of org "Acme Corp"',
    );
    const twoOrgs = partnerSeed();
    twoOrgs.customerOrgs?.[0]?.people?.push({ email: "alice@acme.example", displayName: "Alice Again" });
    await expect(startEmulator({ seed: twoOrgs })).rejects.toThrow(
      'alice@acme.example is in org "Acme Corp" and in org "Globex"',
    );
  });
});

describe("partner orgs: telephony with the partner admin's token", () => {
  it("lists only the customer's locations and extensions with its orgId, only the main org's without", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const globex = orgIdOf(GLOBEX);
    const locations = items(await api.get(`/telephony/config/locations?orgId=${globex}`), "locations");
    expect(locations.map((l) => l.id)).toEqual(emulator.locations(GLOBEX).map((l) => l.id));
    const cpes = items(await api.get(`${cpePath}?orgId=${globex}`), "callParkExtensions");
    expect(cpes.map((c) => c.id)).toEqual(emulator.callParkExtensions(GLOBEX).map((c) => c.id));
    expect(cpes.map((c) => `${c.extension}@${c.locationName}`)).toEqual([
      "1234@HQ",
      "7001@HQ",
      "7101@Globex Plant",
    ]);
    // Without orgId: the caller's own org, the main one, page by page.
    const own = await api.get(`${cpePath}?locationName=HQ&extension=1234`);
    expect(items(own, "callParkExtensions").map((c) => c.id)).toEqual([
      emulator.callParkExtension("HQ", "1234")?.id,
    ]);
    const ownLocations = items(await api.get("/telephony/config/locations?max=100"), "locations");
    expect(ownLocations.map((l) => l.id)).toEqual(emulator.locations().map((l) => l.id));
  });

  it("keeps orgId on the Link to the next page", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const first = await api.get(`${cpePath}?orgId=${orgIdOf(GLOBEX)}&max=2`);
    const next = nextLink(first.headers);
    expect(new URL(next ?? "http://x").searchParams.get("orgId")).toBe(orgIdOf(GLOBEX));
    expect(items(await api.get(next ?? ""), "callParkExtensions").map((c) => c.extension)).toEqual(["7101"]);
  });

  it("GET /locations with orgId lists the customer's, each carrying the customer's orgId", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const globex = items(await api.get(`/locations?orgId=${orgIdOf(INITECH)}`));
    expect(globex).toEqual([expect.objectContaining({ name: "HQ", orgId: orgIdOf(INITECH) })]);
    const own = items(await api.get("/locations?name=HQ"));
    expect(own.map((l) => l.orgId)).toEqual(own.map(() => emulator.org.id));
    expect(own.map((l) => l.id)).toContain(emulator.location("HQ")?.id);
  });

  it("reads a customer's extension and call parks with its orgId", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const globex = orgIdOf(GLOBEX);
    const cpe = emulator.callParkExtension("HQ", "1234", GLOBEX);
    const detail = await api.get(cpeIn(cpe?.locationId, cpe?.id, globex));
    expect(detail.status).toBe(200);
    expect(json(detail)).toEqual({
      extension: "1234",
      routingPrefix: "7100",
      esn: "71001234",
      name: "Globex Lobby",
    });
    const parks = await api.get(`/telephony/config/locations/${cpe?.locationId}/callParks?orgId=${globex}`);
    const [park] = items(parks, "callParks");
    expect(park).toMatchObject({ name: "Lobby Group", locationId: cpe?.locationId });
    const park1 = await api.get(
      `/telephony/config/locations/${cpe?.locationId}/callParks/${park?.id}?orgId=${globex}`,
    );
    expect(json(park1).callParkExtensions).toEqual([
      { id: cpe?.id, extension: "1234", name: "Globex Lobby" },
    ]);
  });

  it("deletes in the customer org only with its orgId; in the main org only without", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const mainBefore = stateOf();
    const globex = emulator.callParkExtension("HQ", "1234", GLOBEX);
    expect((await api.del(cpeIn(globex?.locationId, globex?.id, orgIdOf(GLOBEX)))).status).toBe(204);
    expect(stateOf(GLOBEX)).toEqual(["7001@HQ", "7101@Globex Plant"]);
    expect(stateOf(INITECH)).toEqual(["1234@HQ"]);
    expect(stateOf()).toEqual(mainBefore);
    const main = emulator.callParkExtension("HQ", "1234");
    expect((await api.del(cpeIn(main?.locationId, main?.id))).status).toBe(204);
    expect(stateOf()).toEqual(mainBefore.filter((c) => c !== "1234@HQ"));
    expect(stateOf(INITECH)).toEqual(["1234@HQ"]);
  });

  it("creates in the customer org with its orgId; extension clashes are per location", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const hq = emulator.location("HQ", GLOBEX);
    // 1235 is taken at the main org's HQ, not at Globex's.
    const created = await api.post(
      `/telephony/config/locations/${hq?.id}/callParkExtensions?orgId=${orgIdOf(GLOBEX)}`,
      {
        name: "New",
        extension: "1235",
      },
    );
    expect(created.status).toBe(201);
    expect(emulator.callParkExtension("HQ", "1235", GLOBEX)?.id).toBe(json(created).id);
    expect(emulator.callParkExtension("HQ", "1235")?.name).toBe("Loading Dock");
  });

  it("an id of another org is 404, as an unknown one, and nothing is deleted", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const before = [stateOf(), stateOf(GLOBEX), stateOf(INITECH)];
    const globexCpe = emulator.callParkExtension("HQ", "1234", GLOBEX);
    const mainCpe = emulator.callParkExtension("HQ", "1234");
    // Globex's extension under Initech's orgId, and under none (the main org).
    expect((await api.del(cpeIn(globexCpe?.locationId, globexCpe?.id, orgIdOf(INITECH)))).status).toBe(404);
    expect((await api.get(cpeIn(globexCpe?.locationId, globexCpe?.id, orgIdOf(INITECH)))).status).toBe(404);
    expect((await api.del(cpeIn(globexCpe?.locationId, globexCpe?.id))).status).toBe(404);
    // The main org's extension under a customer's orgId.
    expect((await api.del(cpeIn(mainCpe?.locationId, mainCpe?.id, orgIdOf(GLOBEX)))).status).toBe(404);
    // Another org's extension id at this org's location.
    const initechHq = emulator.location("HQ", INITECH);
    expect((await api.del(cpeIn(initechHq?.id, globexCpe?.id, orgIdOf(INITECH)))).status).toBe(404);
    const parks = `/telephony/config/locations/${globexCpe?.locationId}/callParks?orgId=${orgIdOf(INITECH)}`;
    expect((await api.get(parks)).status).toBe(404);
    const filtered = await api.get(
      `${cpePath}?orgId=${orgIdOf(INITECH)}&locationId=${globexCpe?.locationId}`,
    );
    expect(items(filtered, "callParkExtensions")).toEqual([]);
    expect([stateOf(), stateOf(GLOBEX), stateOf(INITECH)]).toEqual(before);
  });

  it("a service app acting for the partner admin reaches the customer org too", async () => {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: "demo-client-id",
      client_secret: "demo-client-secret",
      refresh_token: "demo-refresh-token",
    });
    const issued = await fetch(`${emulator.apiUrl}/access_token`, { method: "POST", body: form });
    const { access_token } = (await issued.json()) as { access_token: string };
    const listed = await client(emulator.apiUrl, access_token).get(`${cpePath}?orgId=${orgIdOf(INITECH)}`);
    expect(items(listed, "callParkExtensions").map((c) => c.name)).toEqual(["Initech Lobby"]);
  });

  it("an unknown orgId is 403 with the Webex error body; the bot's token is still refused", async () => {
    const unknown = await client(emulator.apiUrl, adminToken).get(
      `${cpePath}?orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub2JvZHk`,
    );
    expect(unknown.status).toBe(403);
    expect(json(unknown)).toMatchObject({
      message: "The request is understood, but it has been refused or access is not allowed.",
      errors: [{ description: "orgId names an organization this token is not an administrator of." }],
    });
    const bot = await client(emulator.apiUrl, botToken).get(`${cpePath}?orgId=${orgIdOf(GLOBEX)}`);
    expect(bot.status).toBe(403);
    expect(json(bot).errors).toEqual([
      expect.objectContaining({ description: expect.stringMatching(/bot/) }),
    ]);
  });

  it("an admin of an org the emulator does not hold is no partner: 403 for a customer, its own org empty", async () => {
    const api = client(emulator.apiUrl, OUTSIDER_ADMIN);
    expect((await api.get(`${cpePath}?orgId=${orgIdOf(GLOBEX)}`)).status).toBe(403);
    expect((await api.get(`${cpePath}?orgId=${emulator.org.id}`)).status).toBe(403);
    expect(items(await api.get(cpePath), "callParkExtensions")).toEqual([]);
    // Its own org is not one the emulator holds, so it has no name to show.
    expect(items(await api.get("/organizations"))).toEqual([]);
  });
});

describe("partner orgs: a customer org's own admin", () => {
  it("acts in its own org by default and with its own orgId", async () => {
    const api = client(emulator.apiUrl, GLOBEX_ADMIN);
    const own = items(await api.get(cpePath), "callParkExtensions");
    expect(own.map((c) => c.id)).toEqual(emulator.callParkExtensions(GLOBEX).map((c) => c.id));
    const explicit = await api.get(`${cpePath}?orgId=${orgIdOf(GLOBEX)}`);
    expect(items(explicit, "callParkExtensions")).toEqual(own);
    const cpe = emulator.callParkExtension("HQ", "7001", GLOBEX);
    expect((await api.del(cpeIn(cpe?.locationId, cpe?.id))).status).toBe(204);
    expect(stateOf(GLOBEX)).toEqual(["1234@HQ", "7101@Globex Plant"]);
  });

  it("gets 403 for the partner's orgId and another customer's", async () => {
    const api = client(emulator.apiUrl, GLOBEX_ADMIN);
    const before = [stateOf(), stateOf(INITECH)];
    expect((await api.get(`${cpePath}?orgId=${emulator.org.id}`)).status).toBe(403);
    expect((await api.get(`/locations?orgId=${orgIdOf(INITECH)}`)).status).toBe(403);
    const initech = emulator.callParkExtension("HQ", "1234", INITECH);
    expect((await api.del(cpeIn(initech?.locationId, initech?.id, orgIdOf(INITECH)))).status).toBe(403);
    const main = emulator.callParkExtension("HQ", "1234");
    expect((await api.del(cpeIn(main?.locationId, main?.id, emulator.org.id))).status).toBe(403);
    expect([stateOf(), stateOf(INITECH)]).toEqual(before);
  });
});

describe("partner orgs: GET /organizations", () => {
  it("lists the partner's own org and every customer org, with the spec's fields, unpaginated", async () => {
    const response = await client(emulator.apiUrl, adminToken).get("/organizations");
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({
      items: emulator.orgs().map((o) => ({ id: o.id, displayName: o.name, created: expect.any(String) })),
    });
    expect(Number.isNaN(Date.parse(String(items(response)[0]?.created)))).toBe(false);
    expect(response.headers.get("link")).toBeNull();
  });

  it("a customer admin sees only its own org; so does the bot", async () => {
    const globex = items(await client(emulator.apiUrl, GLOBEX_ADMIN).get("/organizations"));
    expect(globex).toEqual([{ id: orgIdOf(GLOBEX), displayName: GLOBEX, created: expect.any(String) }]);
    const bot = items(await client(emulator.apiUrl, botToken).get("/organizations"));
    expect(bot.map((o) => o.id)).toEqual([emulator.org.id]);
  });

  it("GET /organizations/{orgId}: 200 for an org one belongs to or manages, else 404", async () => {
    const partner = client(emulator.apiUrl, adminToken);
    expect(json(await partner.get(`/organizations/${orgIdOf(INITECH)}`))).toMatchObject({
      id: orgIdOf(INITECH),
      displayName: INITECH,
    });
    const globexAdmin = client(emulator.apiUrl, GLOBEX_ADMIN);
    expect((await globexAdmin.get(`/organizations/${orgIdOf(GLOBEX)}`)).status).toBe(200);
    expect((await globexAdmin.get(`/organizations/${orgIdOf(INITECH)}`)).status).toBe(404);
    expect((await globexAdmin.get(`/organizations/${emulator.org.id}`)).status).toBe(404);
    expect((await client(emulator.apiUrl, botToken).get(`/organizations/${orgIdOf(GLOBEX)}`)).status).toBe(
      404,
    );
  });
});

describe("partner orgs: people", () => {
  it("a customer person's roles show to the partner admin and its own org's admin, not another customer's", async () => {
    const gina = emulator.person("gina@globex.example");
    expect(gina?.orgId).toBe(orgIdOf(GLOBEX));
    const full = roleIdOf("Full Administrator");
    const partner = json(await client(emulator.apiUrl, adminToken).get(`/people/${gina?.id}`));
    expect(partner).toMatchObject({ orgId: orgIdOf(GLOBEX), roles: [full] });
    const own = json(await client(emulator.apiUrl, GLOBEX_ADMIN).get(`/people/${gina?.id}`));
    expect(own.roles).toEqual([full]);
    const other = json(await client(emulator.apiUrl, INITECH_ADMIN).get(`/people/${gina?.id}`));
    expect(other).toMatchObject({ id: gina?.id, orgId: orgIdOf(GLOBEX) });
    expect(other).not.toHaveProperty("roles");
  });

  it("a customer admin does not see the partner org's roles, nor does an outsider see a customer's", async () => {
    const alice = emulator.person("alice@acme.example");
    expect(json(await client(emulator.apiUrl, GLOBEX_ADMIN).get(`/people/${alice?.id}`))).not.toHaveProperty(
      "roles",
    );
    const ivy = emulator.person("ivy@initech.example");
    expect(json(await client(emulator.apiUrl, OUTSIDER_ADMIN).get(`/people/${ivy?.id}`))).not.toHaveProperty(
      "roles",
    );
    expect(json(await client(emulator.apiUrl, INITECH_ADMIN).get(`/people/${ivy?.id}`)).roles).toEqual([
      roleIdOf("Read-only Administrator"),
    ]);
  });

  it("GET /people?orgId= lists that org's people for its partner; others get 403", async () => {
    const listed = items(await client(emulator.apiUrl, adminToken).get(`/people?orgId=${orgIdOf(GLOBEX)}`));
    expect(listed.flatMap((p) => p.emails).sort()).toEqual(["gina@globex.example", "gus@globex.example"]);
    expect(
      (await client(emulator.apiUrl, INITECH_ADMIN).get(`/people?orgId=${orgIdOf(GLOBEX)}`)).status,
    ).toBe(403);
    const bot = client(emulator.apiUrl, botToken);
    expect((await bot.get(`/people?email=gina@globex.example&orgId=${orgIdOf(GLOBEX)}`)).status).toBe(403);
  });

  it("GET /people/me of a customer admin shows its org", async () => {
    const me = json(await client(emulator.apiUrl, INITECH_ADMIN).get("/people/me"));
    expect(me).toMatchObject({ emails: ["ian@initech.example"], orgId: orgIdOf(INITECH) });
    expect(me).not.toHaveProperty("roles");
  });
});
