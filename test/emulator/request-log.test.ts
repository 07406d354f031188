import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import type { EmulatorChange } from "../../src/emulator/emulator-change.js";
import { adminToken, botToken, client } from "./support.js";

let emulator: RunningEmulator;
const changes: EmulatorChange[] = [];
beforeEach(async () => {
  changes.length = 0;
  emulator = await startEmulator({ seed: buildDemoOrg(), requestLogCapacity: 50 });
  emulator.events.on("change", (change: EmulatorChange) => changes.push(change));
});
afterEach(() => emulator.close());

describe("request log", () => {
  it("records method, path after /v1, query, status, auth kind and identity", async () => {
    await client(emulator.apiUrl, adminToken).get(
      "/telephony/config/callParkExtensions?locationName=HQ&extension=1234",
    );
    expect(emulator.requests.at(-1)).toMatchObject({
      seq: expect.any(Number),
      at: expect.any(Number),
      method: "GET",
      path: "/telephony/config/callParkExtensions",
      query: { locationName: "HQ", extension: "1234" },
      status: 200,
      auth: "admin",
      identityId: emulator.person("ada@acme.example")?.id,
      durationMs: expect.any(Number),
    });
    await client(emulator.apiUrl).get("/people/me");
    expect(emulator.requests.at(-1)).toMatchObject({ status: 401, auth: "none" });
    expect(emulator.requests.at(-1)).not.toHaveProperty("identityId");
  });

  it("records the TrackingID each answer carried, errors included", async () => {
    const ok = await client(emulator.apiUrl, adminToken).get("/telephony/config/locations");
    expect(emulator.requests.at(-1)?.trackingId).toBe(ok.headers.get("trackingid"));
    const refused = await client(emulator.apiUrl).get("/people/me");
    expect(refused.status).toBe(401);
    const tracking = refused.headers.get("trackingid");
    expect(tracking).toMatch(/\S/);
    expect(emulator.requests.at(-1)?.trackingId).toBe(tracking);
    expect((refused.body as { trackingId?: string }).trackingId).toBe(tracking);
  });

  it("never holds a token, in the log or in the change events", async () => {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: "demo-client-id",
      client_secret: "demo-client-secret",
      refresh_token: "demo-refresh-token",
    });
    const issued = (await (
      await fetch(`${emulator.apiUrl}/access_token`, { method: "POST", body: form })
    ).json()) as { access_token: string };
    await client(emulator.apiUrl, issued.access_token).get("/telephony/config/locations");
    await client(emulator.apiUrl, botToken).get(`/people/me?access_token=${botToken}`);
    await client(emulator.apiUrl, adminToken).get("/locations");
    await client(emulator.apiUrl, "guessed-token-value").get("/rooms");
    await client(emulator.apiUrl, botToken).post("/webhooks", {
      name: "w",
      targetUrl: "https://bot.example/w",
      resource: "messages",
      event: "created",
      secret: "webhook-secret-value",
    });
    const logged = JSON.stringify(emulator.requests) + JSON.stringify(changes);
    expect(emulator.requests.length).toBeGreaterThanOrEqual(6);
    for (const secret of [
      issued.access_token,
      "demo-refresh-token",
      "demo-client-secret",
      botToken,
      adminToken,
      "guessed-token-value",
      "webhook-secret-value",
    ]) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toMatch(/authorization|bearer/i);
  });

  it("is a bounded ring, and clearRequests() empties it", async () => {
    const api = client(emulator.apiUrl, botToken);
    // Capacity 50: it keeps the last 50 at least, trims in chunks, and never holds more than 63.
    const lengths: number[] = [];
    for (let i = 1; i <= 130; i++) {
      await api.get("/people/me");
      lengths.push(emulator.requests.length);
      const seqs = emulator.requests.map((r) => r.seq);
      expect(seqs.at(-1)).toBe(i);
      expect(seqs[0]).toBe(i - seqs.length + 1); // contiguous: nothing dropped from the middle
    }
    expect(Math.min(...lengths.slice(49))).toBe(50);
    expect(Math.max(...lengths)).toBe(63);
    emulator.clearRequests();
    expect(emulator.requests).toHaveLength(0);
    await api.get("/people/me");
    expect(emulator.requests.map((r) => r.seq)).toEqual([131]);
  });

  it("emits change events for requests and messages", async () => {
    const said = await emulator.say({
      from: "alice@acme.example",
      roomId: emulator.room("Alice")?.id ?? "",
      text: "hi",
    });
    await client(emulator.apiUrl, botToken).get("/people/me");
    expect(changes).toContainEqual({ kind: "message.created", message: said });
    expect(changes.some((c) => c.kind === "request" && c.request.path === "/people/me")).toBe(true);
  });
});
