import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { adminToken, botToken, client, json, startDemo, startReceiver } from "./support.js";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startDemo();
});
afterEach(() => emulator.close());

describe("injected faults", () => {
  it("answers 429 with Retry-After and a Webex error body, once by default", async () => {
    emulator.faults.inject({ path: "/telephony/config/callParkExtensions", status: 429, retryAfter: 3 });
    const api = client(emulator.apiUrl, adminToken);
    const limited = await api.get("/telephony/config/callParkExtensions?extension=1234");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(json(limited)).toMatchObject({
      message: expect.any(String),
      errors: [{ description: expect.any(String) }],
      trackingId: limited.headers.get("trackingid"),
    });
    expect((await api.get("/telephony/config/callParkExtensions?extension=1234")).status).toBe(200);
    expect(emulator.faults.stats()).toEqual({ "429 retry-after=3": 1 });
    expect(emulator.requests.at(-2)).toMatchObject({ status: 429, fault: "429 retry-after=3" });
  });

  it("honours method, path prefix and times", async () => {
    emulator.faults.inject({ method: "delete", path: "/telephony", status: 503, times: 2 });
    const cpe = emulator.callParkExtension("HQ", "1234");
    const api = client(emulator.apiUrl, adminToken);
    const path = `/telephony/config/locations/${cpe?.locationId}/callParkExtensions/${cpe?.id}`;
    expect((await api.get(path)).status).toBe(200);
    expect((await api.del(path)).status).toBe(503);
    expect((await api.del(path)).status).toBe(503);
    expect(emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect((await api.del(path)).status).toBe(204);
    expect(emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });

  it("matches only the credential a rule names", async () => {
    const alice = emulator.person("alice@acme.example");
    emulator.faults.inject({ path: `/people/${alice?.id}`, auth: "admin", status: 500, times: 1 });
    expect((await client(emulator.apiUrl, botToken).get(`/people/${alice?.id}`)).status).toBe(200);
    expect((await client(emulator.apiUrl, adminToken).get(`/people/${alice?.id}`)).status).toBe(500);
    expect((await client(emulator.apiUrl, adminToken).get(`/people/${alice?.id}`)).status).toBe(200);
  });

  it("matches a RegExp path and sends 429 without Retry-After when none is given", async () => {
    emulator.faults.inject({ path: /^\/people\/me$/, status: 429 });
    const api = client(emulator.apiUrl, botToken);
    expect((await api.get("/rooms")).status).toBe(200);
    const limited = await api.get("/people/me");
    expect(limited.status).toBe(429);
    expect(limited.headers.has("retry-after")).toBe(false);
  });

  it("gives every n-th matching request the fault, counting only the requests the rule matches", async () => {
    emulator.faults.inject({ path: "/telephony", auth: "admin", status: 429, retryAfter: 1, every: 3 });
    const admin = client(emulator.apiUrl, adminToken);
    const bot = client(emulator.apiUrl, botToken);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      // Neither the bot's read nor an admin read outside /telephony counts toward the three.
      expect((await bot.get("/people/me")).status).toBe(200);
      expect((await admin.get("/people/me")).status).toBe(200);
      statuses.push((await admin.get("/telephony/config/callParkExtensions?extension=1234")).status);
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429, 200]);
    const limited = emulator.requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited.every((r) => r.fault === "429 retry-after=1")).toBe(true);
    expect(emulator.faults.stats()).toEqual({ "429 retry-after=1": 2 });
  });

  it("answers a periodic fault as Webex does: Retry-After and a Webex error body", async () => {
    emulator.faults.inject({ method: "DELETE", path: "/telephony", status: 429, retryAfter: 1, every: 2 });
    const cpe = emulator.callParkExtension("HQ", "1234");
    const api = client(emulator.apiUrl, adminToken);
    const path = `/telephony/config/locations/${cpe?.locationId}/callParkExtensions/${cpe?.id}`;
    const missing = `/telephony/config/locations/${cpe?.locationId}/callParkExtensions/nope`;
    expect((await api.del(missing)).status).toBe(404);
    const limited = await api.del(path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(json(limited)).toMatchObject({
      message: expect.any(String),
      errors: [{ description: expect.any(String) }],
      trackingId: limited.headers.get("trackingid"),
    });
    // The refused DELETE did nothing; sent again, it is the 3rd matching request and goes through.
    expect(emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect((await api.del(path)).status).toBe(204);
    expect(emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });

  it("stops a periodic rule after `times` faults and lets the other requests reach later rules", async () => {
    emulator.faults.inject({ path: "/people/me", status: 429, every: 2, times: 2 });
    emulator.faults.inject({ path: "/people/me", status: 503, times: 1 });
    const api = client(emulator.apiUrl, botToken);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api.get("/people/me")).status);
    // 1st: passed on to the 503 rule; 2nd and 4th: the periodic 429s; then the rule is used up.
    expect(statuses).toEqual([503, 429, 200, 429, 200, 200, 200, 200]);
    expect(emulator.faults.stats()).toEqual({ "429": 2, "503": 1 });
  });

  it("refuses an `every` that is not a whole number of at least 1", () => {
    for (const every of [0, -1, 1.5, Number.NaN])
      expect(() => emulator.faults.inject({ status: 429, every })).toThrow(RangeError);
  });

  it("drops the connection without an answer", async () => {
    emulator.faults.inject({ path: "/messages", drop: true });
    const room = emulator.room("Alice")?.id;
    await expect(
      client(emulator.apiUrl, botToken).post("/messages", { roomId: room, text: "lost" }),
    ).rejects.toThrow();
    expect(emulator.messages(room ?? "")).toEqual([]);
    expect(emulator.faults.stats()).toEqual({ drop: 1 });
    await expect
      .poll(() => emulator.requests.at(-1))
      .toMatchObject({ status: 0, fault: "drop", path: "/messages" });
  });

  it("delays an answer that is otherwise normal", async () => {
    emulator.faults.inject({ path: "/people/me", delayMs: 150 });
    const started = performance.now();
    const response = await client(emulator.apiUrl, botToken).get("/people/me");
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(emulator.requests.at(-1)?.fault).toBe("delay 150ms");
  });

  it("does not touch the act-as helpers", async () => {
    const receiver = await startReceiver();
    try {
      await client(emulator.apiUrl, botToken).post("/webhooks", {
        name: "w",
        targetUrl: receiver.url,
        resource: "messages",
        event: "created",
      });
      emulator.faults.inject({ status: 500, times: 100 });
      const said = await emulator.say({
        from: "alice@acme.example",
        roomId: emulator.room("Alice")?.id ?? "",
        text: "still works",
      });
      expect(emulator.message(said.id)?.text).toBe("still works");
      expect(receiver.hits).toHaveLength(1);
      expect(emulator.faults.stats()).toEqual({});
    } finally {
      await receiver.close();
    }
  });

  it("injects random faults reproducibly from a seed and counts them by kind", async () => {
    const run = async () => {
      emulator.faults.clear();
      emulator.faults.random({
        rate: 0.5,
        seed: 42,
        kinds: [
          { status: 429, retryAfter: 0 },
          { status: 429 },
          { status: 423 },
          { status: 502 },
          { status: 503 },
          { status: 504 },
        ],
      });
      const api = client(emulator.apiUrl, botToken);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await api.get("/people/me")).status);
      return { statuses, stats: emulator.faults.stats() };
    };
    const first = await run();
    const second = await run();
    expect(second.statuses).toEqual(first.statuses);
    const faulted = first.statuses.filter((s) => s !== 200).length;
    expect(faulted).toBeGreaterThan(5);
    expect(faulted).toBeLessThan(35);
    expect(Object.values(first.stats).reduce((a, b) => a + b, 0)).toBe(faulted);
    expect(
      Object.keys(first.stats).every((k) =>
        ["429 retry-after=0", "429", "423", "502", "503", "504"].includes(k),
      ),
    ).toBe(true);
    emulator.faults.clear();
    expect((await client(emulator.apiUrl, botToken).get("/people/me")).status).toBe(200);
  });

  it("adds latency to every API response with setLatency", async () => {
    // A lower bound only: a timer never fires early, while an upper bound fails on a loaded machine
    // (how fast the emulator answers without latency belongs in the benchmark).
    emulator.setLatency(300);
    await client(emulator.apiUrl, botToken).get("/people/me");
    expect(emulator.requests.at(-1)?.durationMs).toBeGreaterThanOrEqual(299);
    emulator.setLatency(0);
  });
});
