import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { client, json } from "./support.js";

let emulator: RunningEmulator;
let clock = Date.parse("2026-01-01T00:00:00Z");

function refresh(refreshToken: string, overrides: Record<string, string> = {}) {
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    client_id: "demo-client-id",
    client_secret: "demo-client-secret",
    refresh_token: refreshToken,
    ...overrides,
  });
  return fetch(`${emulator.apiUrl}/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
}

async function tokens(response: Response) {
  expect(response.status).toBe(200);
  return (await response.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    refresh_token_expires_in: number;
    token_type: string;
  };
}

beforeEach(async () => {
  clock = Date.parse("2026-01-01T00:00:00Z");
  const seed = buildDemoOrg();
  seed.serviceApps?.push({
    clientId: "rotating-client",
    clientSecret: "rotating-secret",
    refreshToken: "rotating-refresh",
    adminEmail: "ada@acme.example",
    accessTokenTtlSeconds: 3600,
    rotateRefreshToken: true,
  });
  emulator = await startEmulator({ seed, now: () => clock });
});
afterEach(() => emulator.close());

describe("POST /access_token", () => {
  it("issues a Bearer token that acts as the service app's admin", async () => {
    const issued = await tokens(await refresh("demo-refresh-token"));
    expect(issued).toMatchObject({
      token_type: "Bearer",
      refresh_token: "demo-refresh-token",
      expires_in: expect.any(Number),
      refresh_token_expires_in: expect.any(Number),
    });
    const api = client(emulator.apiUrl, issued.access_token);
    expect((await api.get("/telephony/config/callParkExtensions?extension=1234")).status).toBe(200);
    expect(json(await api.get("/people/me")).emails).toEqual(["ada@acme.example"]);
    expect(emulator.requests.at(-1)).toMatchObject({
      auth: "service-app",
      identityId: emulator.person("ada@acme.example")?.id,
    });
  });

  it("rotates the refresh token when configured and refuses the old one", async () => {
    const rotate = { client_id: "rotating-client", client_secret: "rotating-secret" };
    const first = await tokens(await refresh("rotating-refresh", rotate));
    expect(first.refresh_token).not.toBe("rotating-refresh");
    const reused = await refresh("rotating-refresh", rotate);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      message: expect.any(String),
      errors: [{ description: expect.any(String) }],
      trackingId: expect.any(String),
    });
    const second = await tokens(await refresh(first.refresh_token, rotate));
    expect(second.refresh_token).not.toBe(first.refresh_token);
  });

  it("refuses bad client credentials with 401 and a bad grant type with 400", async () => {
    expect((await refresh("demo-refresh-token", { client_secret: "wrong" })).status).toBe(401);
    expect((await refresh("demo-refresh-token", { client_id: "who" })).status).toBe(401);
    expect((await refresh("demo-refresh-token", { grant_type: "password" })).status).toBe(400);
    expect((await refresh("not-a-refresh-token")).status).toBe(400);
  });

  it("expireAccessTokens() makes issued tokens answer 401 until refreshed", async () => {
    const issued = await tokens(await refresh("demo-refresh-token"));
    emulator.expireAccessTokens();
    const rejected = await client(emulator.apiUrl, issued.access_token).get("/telephony/config/locations");
    expect(rejected.status).toBe(401);
    expect(emulator.requests.at(-1)?.auth).toBe("invalid");
    const renewed = await tokens(await refresh(issued.refresh_token));
    expect(
      (await client(emulator.apiUrl, renewed.access_token).get("/telephony/config/locations")).status,
    ).toBe(200);
    // Static seed tokens are not issued tokens: untouched.
    expect(
      (await client(emulator.apiUrl, "demo-admin-token").get("/telephony/config/locations")).status,
    ).toBe(200);
  });

  it("expires issued tokens after accessTokenTtlSeconds by the injected clock", async () => {
    const issued = await tokens(
      await refresh("rotating-refresh", { client_id: "rotating-client", client_secret: "rotating-secret" }),
    );
    expect(issued.expires_in).toBe(3600);
    const api = client(emulator.apiUrl, issued.access_token);
    clock += 3599_000;
    expect((await api.get("/people/me")).status).toBe(200);
    clock += 1_000;
    expect((await api.get("/people/me")).status).toBe(401);
  });
});
