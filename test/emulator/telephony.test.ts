import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type RunningEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { DUPLICATE_EXTENSION_STATUS } from "../../src/emulator/routes/telephony.js";
import { adminToken, client, items, json, nextLink, startDemo } from "./support.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startDemo();
});
afterAll(() => emulator.close());

const cpePath = "/telephony/config/callParkExtensions";

describe("call park extension list", () => {
  it("pages through the Warehouse's 121 extensions by following Link next", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const warehouse = emulator.location("Warehouse");
    let url: string | undefined = `${cpePath}?locationId=${warehouse?.id}&max=50`;
    const pages: number[] = [];
    const seen: string[] = [];
    while (url) {
      const response = await api.get(url);
      expect(response.status).toBe(200);
      const page = items(response, "callParkExtensions");
      pages.push(page.length);
      seen.push(...page.map((c) => String(c.extension)));
      url = nextLink(response.headers);
      if (url) {
        expect(url.startsWith(`${emulator.apiUrl}${cpePath}?`)).toBe(true);
        expect(new URL(url).searchParams.get("locationId")).toBe(warehouse?.id);
        expect(new URL(url).searchParams.get("max")).toBe("50");
      }
    }
    expect(pages).toEqual([50, 50, 21]);
    expect(new Set(seen).size).toBe(121);
    expect(seen).toContain("5555");
    expect(seen).toContain("6119");
  });

  it("caps a page at pageSizeCap even when max asks for more", async () => {
    const response = await client(emulator.apiUrl, adminToken).get(`${cpePath}?max=1000`);
    expect(items(response, "callParkExtensions")).toHaveLength(100);
    expect(nextLink(response.headers)).toContain("start=100");
  });

  it("returns the list item shape with locationName, routingPrefix and esn", async () => {
    const response = await client(emulator.apiUrl, adminToken).get(
      `${cpePath}?locationName=HQ&extension=1234`,
    );
    const hq = emulator.location("HQ");
    expect(items(response, "callParkExtensions")).toContainEqual({
      id: emulator.callParkExtension("HQ", "1234")?.id,
      extension: "1234",
      routingPrefix: "8100",
      esn: "81001234",
      name: "Lobby Park",
      locationId: hq?.id,
      locationName: "HQ",
    });
  });

  it("treats locationName, extension and name as substring filters", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const byLocation = items(await api.get(`${cpePath}?locationName=hq`), "callParkExtensions");
    expect(new Set(byLocation.map((c) => c.locationName))).toEqual(new Set(["HQ", "HQ Annex", "HQ West"]));
    const byExtension = items(await api.get(`${cpePath}?extension=123`), "callParkExtensions");
    expect(byExtension.map((c) => c.extension).sort()).toEqual(["1234", "1235"]);
    const byName = items(await api.get(`${cpePath}?name=shared`), "callParkExtensions");
    expect(byName.map((c) => c.locationName).sort()).toEqual(["Branch Office", "Warehouse"]);
  });

  it("sorts by the documented order fields and refuses unknown ones", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const sorted = items(
      await api.get(`${cpePath}?locationName=HQ&order=callParkExtension-desc`),
      "callParkExtensions",
    );
    const extensions = sorted.map((c) => Number(c.extension));
    expect(extensions).toEqual([...extensions].sort((a, b) => b - a));
    expect((await api.get(`${cpePath}?order=bogus`)).status).toBe(400);
  });

  it("puts the name under `location` when callParkLocationField is location", async () => {
    const aliased = await startDemo({ callParkLocationField: "location" });
    try {
      const [item] = items(
        await client(aliased.apiUrl, adminToken).get(`${cpePath}?extension=1234`),
        "callParkExtensions",
      );
      expect(item?.location).toBe("HQ");
      expect(item).not.toHaveProperty("locationName");
    } finally {
      await aliased.close();
    }
  });

  it("refuses a malformed max with 400", async () => {
    expect((await client(emulator.apiUrl, adminToken).get(`${cpePath}?max=0`)).status).toBe(400);
    expect((await client(emulator.apiUrl, adminToken).get(`${cpePath}?max=ten`)).status).toBe(400);
  });
});

describe("locations", () => {
  it("lists calling locations under `locations` with a contains filter", async () => {
    const response = await client(emulator.apiUrl, adminToken).get("/telephony/config/locations?name=HQ");
    const locations = items(response, "locations");
    expect(locations.map((l) => l.name)).toEqual(["HQ", "HQ Annex", "HQ West"]);
    expect(locations[0]).toMatchObject({
      id: emulator.location("HQ")?.id,
      routingPrefix: "8100",
      callingLineId: { phoneNumber: expect.stringMatching(/^\+1/) },
      e911SetupRequired: false,
    });
  });

  it("pages telephony locations with Link", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const first = await api.get("/telephony/config/locations?max=4&order=name-asc");
    expect(items(first, "locations").map((l) => l.name)).toEqual([
      "Branch Office",
      "Denver",
      "HQ",
      "HQ Annex",
    ]);
    const next = nextLink(first.headers);
    expect(next).toBeDefined();
    const second = await api.get(next ?? "");
    expect(items(second, "locations").map((l) => l.name)).toEqual(["HQ West", "Warehouse"]);
    expect(nextLink(second.headers)).toBeUndefined();
  });

  it("serves GET /locations under `items`, case-insensitive contains", async () => {
    const response = await client(emulator.apiUrl, adminToken).get("/locations?name=hq%20a");
    expect(items(response)).toEqual([
      expect.objectContaining({
        id: emulator.location("HQ Annex")?.id,
        name: "HQ Annex",
        orgId: emulator.org.id,
      }),
    ]);
  });
});

describe("one call park extension", () => {
  it("gets details, updates, and deletes with 204", async () => {
    const own = await startDemo();
    try {
      const api = client(own.apiUrl, adminToken);
      const cpe = own.callParkExtension("HQ", "1235");
      const path = `/telephony/config/locations/${cpe?.locationId}/callParkExtensions/${cpe?.id}`;
      expect(json(await api.get(path))).toEqual({
        extension: "1235",
        routingPrefix: "8100",
        esn: "81001235",
        name: "Loading Dock",
      });
      const put = await api.put(path, { name: "Dock Door" });
      expect(put.status).toBe(204);
      expect(put.text).toBe("");
      expect(own.callParkExtension("HQ", "1235")?.name).toBe("Dock Door");
      const del = await api.del(path);
      expect(del.status).toBe(204);
      expect(own.callParkExtension("HQ", "1235")).toBeUndefined();
      expect((await api.del(path)).status).toBe(404);
    } finally {
      await own.close();
    }
  });

  it("answers 404 when the extension is not in the location of the path", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const hq1234 = emulator.callParkExtension("HQ", "1234");
    const annex = emulator.location("HQ Annex");
    expect(
      (await api.del(`/telephony/config/locations/${annex?.id}/callParkExtensions/${hq1234?.id}`)).status,
    ).toBe(404);
    expect((await api.get(`/telephony/config/locations/nope/callParkExtensions/${hq1234?.id}`)).status).toBe(
      404,
    );
    expect(emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });

  it("creates with 201 {id}, validates fields, and refuses a duplicate extension (DUPLICATE_EXTENSION_STATUS)", async () => {
    const own = await startDemo();
    try {
      const api = client(own.apiUrl, adminToken);
      const denver = own.location("Denver");
      const path = `/telephony/config/locations/${denver?.id}/callParkExtensions`;
      const created = await api.post(path, { name: "Mile High", extension: "7001" });
      expect(created.status).toBe(201);
      expect(json(created)).toEqual({ id: own.callParkExtension("Denver", "7001")?.id });
      expect((await api.post(path, { name: "Again", extension: "7001" })).status).toBe(
        DUPLICATE_EXTENSION_STATUS,
      );
      expect((await api.post(path, { name: "x".repeat(31), extension: "7002" })).status).toBe(400);
      expect((await api.post(path, { name: "Short", extension: "7" })).status).toBe(400);
      expect((await api.post(path, { name: "Long", extension: "12345678901" })).status).toBe(400);
    } finally {
      await own.close();
    }
  });
});

describe("absolute next links", () => {
  it("carry the host app's mount path when the emulator is mounted", async () => {
    const emu = createEmulator({ seed: buildDemoOrg() });
    const host = express();
    host.use("/emulator", emu.app);
    const server = createServer(host);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const first = await client(`${base}/emulator/v1`, adminToken).get(
        `${cpePath}?locationName=Warehouse&max=100`,
      );
      const next = nextLink(first.headers);
      expect(next?.startsWith(`${base}/emulator/v1${cpePath}?`)).toBe(true);
      const second = await client(base, adminToken).get(next ?? "");
      expect(items(second, "callParkExtensions")).toHaveLength(21);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("use publicBaseUrl when given", async () => {
    const emu = await startDemo({ publicBaseUrl: "https://webex.example.test/emu/" });
    try {
      const response = await client(emu.apiUrl, adminToken).get(`${cpePath}?max=10`);
      expect(nextLink(response.headers)).toMatch(
        /^https:\/\/webex\.example\.test\/emu\/v1\/telephony\/config\/callParkExtensions\?max=10&start=10$/,
      );
    } finally {
      await emu.close();
    }
  });
});
