import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { adminToken, botToken, client, json, startDemo } from "./support.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startDemo();
});
afterAll(() => emulator.close());

function expectWebexError(body: unknown, trackingHeader: string | null) {
  expect(body).toMatchObject({
    message: expect.any(String),
    errors: [{ description: expect.any(String) }],
    trackingId: expect.stringMatching(/^EMULATOR_/),
  });
  expect((body as { trackingId: string }).trackingId).toBe(trackingHeader);
}

describe("authentication", () => {
  it("answers 401 with a Webex error body when no token is sent", async () => {
    const response = await client(emulator.apiUrl).get("/people/me");
    expect(response.status).toBe(401);
    expectWebexError(response.body, response.headers.get("trackingid"));
  });

  it("answers 401 to an unknown token", async () => {
    const response = await client(emulator.apiUrl, "not-a-token").get("/rooms");
    expect(response.status).toBe(401);
    expectWebexError(response.body, response.headers.get("trackingid"));
  });

  it("sends a unique TrackingID header on successful responses too", async () => {
    const api = client(emulator.apiUrl, botToken);
    const [a, b] = await Promise.all([api.get("/people/me"), api.get("/people/me")]);
    expect(a.status).toBe(200);
    expect(a.headers.get("trackingid")).toMatch(/^EMULATOR_[0-9a-f-]{36}$/);
    expect(a.headers.get("trackingid")).not.toBe(b.headers.get("trackingid"));
  });
});

describe("scopes and admin rights", () => {
  it.each([
    ["GET", "/telephony/config/callParkExtensions"],
    ["GET", "/telephony/config/locations"],
    ["GET", "/locations"],
    ["DELETE", "/telephony/config/locations/x/callParkExtensions/y"],
    ["GET", "/telephony/config/locations/x/callParks"],
    ["GET", "/locations/x/floors"],
  ])("refuses the bot token on %s %s with 403", async (method, path) => {
    const api = client(emulator.apiUrl, botToken);
    const response = method === "GET" ? await api.get(path) : await api.del(path);
    expect(response.status).toBe(403);
    expectWebexError(response.body, response.headers.get("trackingid"));
    expect(json(response).errors).toEqual([{ description: expect.stringContaining("bot") }]);
  });

  it("lets the admin token read telephony config; paths the emulator lacks are 404 for it", async () => {
    const api = client(emulator.apiUrl, adminToken);
    expect((await api.get("/telephony/config/locations")).status).toBe(200);
    expect((await api.get("/telephony/config/locations/x/callParks")).status).toBe(404);
  });

  it("refuses writes to an admin holding only the read scope, and reads without it", async () => {
    const seed = buildDemoOrg();
    seed.admins.push({
      email: "reader@acme.example",
      displayName: "Rita Reader",
      token: "reader-token",
      scopes: ["spark-admin:telephony_config_read"],
    });
    seed.admins.push({
      email: "none@acme.example",
      displayName: "Ned None",
      token: "none-token",
      scopes: ["spark:people_read"],
    });
    const custom = await startEmulator({ seed });
    try {
      const hq = custom.callParkExtension("HQ", "1234");
      const reader = client(custom.apiUrl, "reader-token");
      expect((await reader.get("/telephony/config/callParkExtensions?extension=1234")).status).toBe(200);
      const denied = await reader.del(
        `/telephony/config/locations/${hq?.locationId}/callParkExtensions/${hq?.id}`,
      );
      expect(denied.status).toBe(403);
      expect(custom.callParkExtension("HQ", "1234")).toBeDefined();
      expect(
        (await client(custom.apiUrl, "none-token").get("/telephony/config/callParkExtensions")).status,
      ).toBe(403);
    } finally {
      await custom.close();
    }
  });

  it("refuses an orgId other than the org's own with 403, accepts its own", async () => {
    const api = client(emulator.apiUrl, adminToken);
    const other = await api.get(
      "/telephony/config/callParkExtensions?orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg",
    );
    expect(other.status).toBe(403);
    const own = await api.get(`/telephony/config/callParkExtensions?orgId=${emulator.org.id}`);
    expect(own.status).toBe(200);
  });
});

describe("unknown paths", () => {
  it("answers 404 with an error body under /v1", async () => {
    const response = await client(emulator.apiUrl, botToken).get("/no/such/thing");
    expect(response.status).toBe(404);
    expectWebexError(response.body, response.headers.get("trackingid"));
  });

  it("answers a bare 404 outside /v1 and does not log it", async () => {
    const before = emulator.requests.length;
    const response = await fetch(`${emulator.url}/u2c/api/v1/limited/catalog`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("");
    expect(emulator.requests.length).toBe(before);
  });
});
