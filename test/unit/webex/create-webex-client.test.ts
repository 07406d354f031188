import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "../../../src/app-error.js";
import { createLogger } from "../../../src/logger.js";
import { createWebexClient, type WebexClientOptions } from "../../../src/webex/create-webex-client.js";
import type { RetryPolicy } from "../../../src/webex/retry-policy.js";
import { staticToken, type TokenProvider } from "../../../src/webex/token-provider.js";
import { WebexApiError } from "../../../src/webex/webex-api-error.js";
import { WebexNetworkError } from "../../../src/webex/webex-network-error.js";

const TOKEN = "ADMIN-TOKEN-0123456789-do-not-leak";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/** A real HTTP server on 127.0.0.1:0 that answers each request with the next scripted handler. */
async function startScriptedServer() {
  const seen: Seen[] = [];
  const queue: Handler[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(entry);
      const handler = queue.shift();
      if (handler) handler(req, res, entry);
      else json(599, { message: "unscripted request" })(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    script(...handlers: Handler[]) {
      queue.push(...handlers);
    },
    reset() {
      seen.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}
const drop: Handler = (req) => {
  req.socket.destroy();
};

let server: Awaited<ReturnType<typeof startScriptedServer>>;
let elsewhere: Awaited<ReturnType<typeof startScriptedServer>>;
const agent = new Agent({ keepAliveTimeout: 1_000 });

beforeAll(async () => {
  server = await startScriptedServer();
  elsewhere = await startScriptedServer();
});
afterEach(() => {
  server.reset();
  elsewhere.reset();
});
afterAll(async () => {
  await agent.close();
  await server.close();
  await elsewhere.close();
});

/** A client whose sleep records each wait and advances a manual clock instead of waiting. */
function makeClient(
  overrides: { tokens?: TokenProvider; retry?: Partial<RetryPolicy>; stopping?: AbortSignal } = {},
) {
  const waits: number[] = [];
  const clock = { t: 1_700_000_000_000, now: () => clock.t };
  const options: WebexClientOptions = {
    baseUrl: `${server.origin}/v1`,
    tokens: overrides.tokens ?? staticToken(TOKEN),
    logger: createLogger("silent"),
    dispatcher: agent,
    clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    ...(overrides.stopping ? { stopping: overrides.stopping } : {}),
  };
  return { client: createWebexClient(options), waits };
}

const thingsSchema = z.object({ items: z.array(z.object({ id: z.string(), n: z.number() })) });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
}

describe("createWebexClient: success", () => {
  it("parses a 200 JSON body with the schema, drops unknown fields, returns the trackingId header", async () => {
    server.script(
      json(200, { items: [{ id: "a", n: 1, extra: true }], more: "x" }, { trackingid: "ROUTER_OK" }),
    );
    const { client, waits } = makeClient();
    const res = await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(res).toEqual({
      status: 200,
      body: { items: [{ id: "a", n: 1 }] },
      trackingId: "ROUTER_OK",
      next: undefined,
    });
    expect(waits).toEqual([]);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]).toMatchObject({ method: "GET", url: "/v1/things" });
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.seen[0]?.headers.accept).toBe("application/json");
  });

  it("sends a JSON body with its content type", async () => {
    server.script(json(200, { items: [] }));
    const { client } = makeClient();
    await client.send({
      method: "POST",
      path: "/things",
      json: { roomId: "R1", markdown: "hi" },
      schema: thingsSchema,
    });
    expect(server.seen[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(server.seen[0]?.body ?? "")).toEqual({ roomId: "R1", markdown: "hi" });
  });

  it("a 204 without a schema resolves with an undefined body", async () => {
    server.script((_req, res) => {
      res.writeHead(204, { trackingid: "ROUTER_DEL" });
      res.end();
    });
    const { client } = makeClient();
    const res = await client.send({ method: "DELETE", path: "/things/1" });
    expect(res).toMatchObject({ status: 204, body: undefined, trackingId: "ROUTER_DEL" });
    expect(server.seen[0]?.method).toBe("DELETE");
  });

  it.each<[string, Record<string, string | number | boolean | undefined>, string]>([
    ["orgId undefined is left out", { orgId: undefined, max: 10 }, "/v1/things?max=10"],
    ["orgId defined is sent", { orgId: "ORG 1", max: 10 }, "/v1/things?orgId=ORG+1&max=10"],
    ["no query", {}, "/v1/things"],
    ["booleans and numbers stringified", { a: true, b: 0 }, "/v1/things?a=true&b=0"],
  ])("query: %s", async (_label, query, url) => {
    server.script(json(200, { items: [] }));
    const { client } = makeClient();
    await client.send({ method: "GET", path: "/things", query, schema: thingsSchema });
    expect(server.seen.map((s) => s.url)).toEqual([url]);
  });
});

describe("createWebexClient: bad responses", () => {
  it.each<[string, Handler]>([
    ["schema mismatch", json(200, { items: [{ id: 1, n: "x" }] })],
    ["missing items", json(200, {})],
    [
      "not JSON",
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html>proxy</html>");
      },
    ],
    [
      "empty body where a schema is expected",
      (_req, res) => {
        res.writeHead(200);
        res.end();
      },
    ],
  ])("%s → AppError webex.bad-response, no retry", async (_label, handler) => {
    server.script(handler);
    const { client, waits } = makeClient();
    const err = await rejection(client.send({ method: "GET", path: "/things", schema: thingsSchema }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).not.toBeInstanceOf(WebexApiError);
    expect(err).toMatchObject({ code: "webex.bad-response" });
    expect((err as Error).message).not.toContain(TOKEN);
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe("createWebexClient: retries", () => {
  it("429 with Retry-After 2, then 200 → one retry after 2000 ms", async () => {
    server.script(json(429, { message: "slow down" }, { "retry-after": "2" }), json(200, { items: [] }));
    const { client, waits } = makeClient();
    const res = await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(res.status).toBe(200);
    expect(waits).toEqual([2000]);
    expect(server.seen).toHaveLength(2);
  });

  it("429 without Retry-After → the default wait", async () => {
    server.script(json(429, {}), json(200, { items: [] }));
    const { client, waits } = makeClient({ retry: { defaultRetryAfterMs: 1_234 } });
    await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(waits).toEqual([1_234]);
  });

  it("429 without Retry-After, default policy → 2000 ms", async () => {
    server.script(json(429, {}), json(200, { items: [] }));
    const { client, waits } = makeClient();
    await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(waits).toEqual([2_000]);
  });

  it("once shutting down, a failed attempt is not retried: the call fails with that answer", async () => {
    server.script(json(503, { message: "busy" }), json(200, { items: [] }));
    const stopping = new AbortController();
    stopping.abort();
    const { client, waits } = makeClient({ stopping: stopping.signal });
    await expect(client.send({ method: "DELETE", path: "/things/1" })).rejects.toMatchObject({ status: 503 });
    expect(waits).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("423 honours Retry-After too", async () => {
    server.script(json(423, { message: "locked" }, { "retry-after": "3" }), json(200, { items: [] }));
    const { client, waits } = makeClient();
    await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(waits).toEqual([3_000]);
  });

  it("429 with Retry-After above maxRetryAfterMs → no retry, WebexApiError 429", async () => {
    server.script(
      json(429, { message: "later" }, { "retry-after": "30", trackingid: "ROUTER_429" }),
      json(200, { items: [] }),
    );
    const { client, waits } = makeClient({ retry: { maxRetryAfterMs: 20_000 } });
    const err = await rejection(client.send({ method: "GET", path: "/things", schema: thingsSchema }));
    expect(err).toBeInstanceOf(WebexApiError);
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 30, trackingId: "ROUTER_429" });
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it.each([502, 503, 504])("%i → backoff with jitter, then success", async (status) => {
    server.script(json(status, {}), json(200, { items: [{ id: "a", n: 1 }] }));
    const { client, waits } = makeClient();
    const res = await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(res.body.items).toEqual([{ id: "a", n: 1 }]);
    expect(waits).toEqual([125]); // random 0.5 × base 250 ms
    expect(server.seen).toHaveLength(2);
  });

  it("retries are bounded by maxAttempts, backoff doubling", async () => {
    server.script(json(503, {}), json(503, {}), json(503, {}), json(200, { items: [] }));
    const { client, waits } = makeClient({ retry: { maxAttempts: 3 } });
    const err = await rejection(client.send({ method: "GET", path: "/things", schema: thingsSchema }));
    expect(err).toBeInstanceOf(WebexApiError);
    expect(err).toMatchObject({ status: 503 });
    expect(server.seen).toHaveLength(3);
    expect(waits).toEqual([125, 250]);
  });

  it("default policy: at most 4 attempts", async () => {
    server.script(...Array.from({ length: 6 }, () => json(503, {})));
    const { client, waits } = makeClient();
    await expect(client.send({ method: "GET", path: "/things" })).rejects.toBeInstanceOf(WebexApiError);
    expect(server.seen).toHaveLength(4);
    expect(waits).toEqual([125, 250, 500]);
  });

  it("gives up rather than wait past maxTotalMs", async () => {
    server.script(
      json(429, {}, { "retry-after": "10" }),
      json(429, {}, { "retry-after": "10" }),
      json(200, {}),
    );
    const { client, waits } = makeClient({ retry: { maxTotalMs: 15_000 } });
    await expect(client.send({ method: "GET", path: "/things" })).rejects.toMatchObject({ status: 429 });
    expect(waits).toEqual([10_000]);
    expect(server.seen).toHaveLength(2);
  });
});

const T0 = 1_700_000_000_000;

/**
 * A client whose sleeps stay pending until the test moves the manual clock to their end, so a call
 * can be caught mid-wait while others start beside it. Each sleep is recorded with when it began.
 */
function makeHeldClient(retry: Partial<RetryPolicy> = {}) {
  const clock = { t: T0, now: () => clock.t };
  const sleeps: { at: number; ms: number }[] = [];
  const pending: { until: number; wake: () => void }[] = [];
  const client = createWebexClient({
    baseUrl: `${server.origin}/v1`,
    tokens: staticToken(TOKEN),
    logger: createLogger("silent"),
    dispatcher: agent,
    clock,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleeps.push({ at: clock.t, ms });
        pending.push({ until: clock.t + ms, wake: resolve });
      }),
    random: () => 0.5,
    retry,
  });
  return {
    client,
    clock,
    sleeps,
    pending,
    /** Moves the clock to `t` and wakes every sleep that has ended by then. */
    advanceTo(t: number) {
      clock.t = t;
      for (const sleeper of pending.filter((p) => p.until <= t)) {
        pending.splice(pending.indexOf(sleeper), 1);
        sleeper.wake();
      }
    },
  };
}

/** A call whose settling the test can see without awaiting it (it may be stuck in a held sleep). */
function track<T>(promise: Promise<T>) {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  return { promise: tracked, settled: () => settled };
}

interface Arrival {
  url: string;
  at: number;
}

/** Notes the manual clock's time when each request reached the server. */
function timed(arrivals: Arrival[], clock: { now(): number }, handler: Handler): Handler {
  return (req, res, seen) => {
    arrivals.push({ url: seen.url, at: clock.now() });
    handler(req, res, seen);
  };
}

describe("createWebexClient: a 429 pauses every call on the client", () => {
  it("a call started during another call's 429 pause sends its first attempt only when the pause ends", async () => {
    const h = makeHeldClient();
    const arrivals: Arrival[] = [];
    server.script(
      timed(arrivals, h.clock, json(429, {}, { "retry-after": "2" })),
      timed(arrivals, h.clock, json(200, { items: [] })),
      timed(arrivals, h.clock, json(200, { items: [] })),
    );
    const first = h.client.send({ method: "GET", path: "/first", schema: thingsSchema });
    await vi.waitFor(() => expect(h.pending).toHaveLength(1)); // the 429 is answered and waited out
    const second = track(h.client.send({ method: "GET", path: "/second", schema: thingsSchema }));
    await vi.waitFor(() => expect(h.pending.length === 2 || second.settled()).toBe(true));

    expect(arrivals).toEqual([{ url: "/v1/first", at: T0 }]);
    expect(h.sleeps).toEqual([
      { at: T0, ms: 2_000 },
      { at: T0, ms: 2_000 },
    ]);
    h.advanceTo(T0 + 2_000);
    await Promise.all([first, second.promise]);
    expect(arrivals.filter((a) => a.url === "/v1/second")).toEqual([{ url: "/v1/second", at: T0 + 2_000 }]);
    expect(arrivals).toHaveLength(3);
  });

  it("four workers in flight, one gets 429 Retry-After 1: every later attempt waits for the pause, one 429 in all", async () => {
    const h = makeHeldClient();
    const arrivals: (Arrival & { status: number })[] = [];
    let limitedUntil = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Webex as one token sees it: the 4th request in flight trips the limit, and every request that
    // arrives while limited gets a 429 too. The first three are answered only once the client has
    // taken the 429 in, so each worker's next DELETE is sent after it.
    const webex: Handler = (_req, res, seen) => {
      const now = h.clock.now();
      const n = arrivals.length + 1;
      if (n === 4) limitedUntil = now + 1_000;
      const status = now < limitedUntil ? 429 : 204;
      arrivals.push({ url: seen.url, at: now, status });
      const answer = () => {
        res.writeHead(
          status,
          status === 429 ? { "retry-after": String(Math.ceil((limitedUntil - now) / 1_000)) } : {},
        );
        res.end();
      };
      if (n < 4) void released.then(answer);
      else answer();
    };
    server.script(...Array.from({ length: 20 }, () => webex));
    const ids = ["1", "2", "3", "4", "5", "6", "7", "8"];
    const worker = async () => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        await h.client.send({ method: "DELETE", path: `/things/${id}` });
      }
    };
    const workers = Promise.all([worker(), worker(), worker(), worker()]);

    await vi.waitFor(() => expect(h.pending).toHaveLength(1)); // the tripping call waits out its 429
    release();
    await vi.waitFor(() => expect(h.pending).toHaveLength(4)); // every worker is at its next attempt
    h.advanceTo(T0 + 1_000);
    await workers;

    expect(arrivals.filter((a) => a.status === 429)).toHaveLength(1);
    expect(arrivals).toHaveLength(9); // 8 DELETEs and the one retry
    const afterTrip = arrivals.slice(4);
    expect(afterTrip.map((a) => a.at)).toEqual(afterTrip.map(() => T0 + 1_000));
  });

  it("a 5xx backoff on one call does not delay another call", async () => {
    const h = makeHeldClient();
    server.script(json(503, {}), json(200, { items: [] }), json(200, { items: [] }));
    const first = h.client.send({ method: "GET", path: "/first", schema: thingsSchema });
    await vi.waitFor(() => expect(h.pending).toHaveLength(1)); // backing off 125 ms
    const second = track(h.client.send({ method: "GET", path: "/second", schema: thingsSchema }));
    await vi.waitFor(() => expect(h.pending.length === 2 || second.settled()).toBe(true));

    expect(second.settled()).toBe(true);
    await expect(second.promise).resolves.toMatchObject({ status: 200 });
    expect(h.sleeps).toEqual([{ at: T0, ms: 125 }]);
    h.advanceTo(T0 + 125);
    await expect(first).resolves.toMatchObject({ status: 200 });
    expect(server.seen.map((s) => s.url)).toEqual(["/v1/first", "/v1/second", "/v1/first"]);
  });

  it("a 423 (one resource locked) pauses only its own call", async () => {
    const h = makeHeldClient();
    server.script(json(423, {}, { "retry-after": "2" }), json(200, { items: [] }), json(200, { items: [] }));
    const first = h.client.send({ method: "GET", path: "/first", schema: thingsSchema });
    await vi.waitFor(() => expect(h.pending).toHaveLength(1)); // waiting out its own Retry-After
    const second = track(h.client.send({ method: "GET", path: "/second", schema: thingsSchema }));
    await vi.waitFor(() => expect(second.settled()).toBe(true));
    await expect(second.promise).resolves.toMatchObject({ status: 200 });
    expect(h.sleeps).toEqual([{ at: T0, ms: 2_000 }]);
    h.advanceTo(T0 + 2_000);
    await expect(first).resolves.toMatchObject({ status: 200 });
  });

  it("a Retry-After above maxRetryAfterMs fails that call and sets no pause for the others", async () => {
    server.script(json(429, {}, { "retry-after": "30" }), json(200, { items: [] }));
    const { client, waits } = makeClient({ retry: { maxRetryAfterMs: 20_000 } });
    await expect(client.send({ method: "GET", path: "/first" })).rejects.toMatchObject({ status: 429 });
    await expect(
      client.send({ method: "GET", path: "/second", schema: thingsSchema }),
    ).resolves.toMatchObject({ status: 200 });
    expect(waits).toEqual([]);
    expect(server.seen).toHaveLength(2);
  });

  it("a pause that has ended is not applied again", async () => {
    server.script(json(429, {}, { "retry-after": "1" }), json(200, { items: [] }), json(200, { items: [] }));
    const { client, waits } = makeClient();
    await client.send({ method: "GET", path: "/first", schema: thingsSchema });
    await client.send({ method: "GET", path: "/second", schema: thingsSchema });
    expect(waits).toEqual([1_000]);
    expect(server.seen).toHaveLength(3);
  });

  it("the pause counts toward a retrying call's maxTotalMs; a call that has sent nothing waits it out and sends", async () => {
    const h = makeHeldClient({ maxTotalMs: 2_500, baseBackoffMs: 2_000 });
    const arrivals: Arrival[] = [];
    server.script(
      timed(arrivals, h.clock, json(503, {})),
      timed(arrivals, h.clock, json(429, {}, { "retry-after": "2" })),
      timed(arrivals, h.clock, json(200, { items: [] })),
      timed(arrivals, h.clock, json(200, { items: [] })),
    );
    const retrying = h.client.send({ method: "GET", path: "/retrying", schema: thingsSchema });
    await vi.waitFor(() => expect(h.pending).toHaveLength(1)); // backing off 1000 ms, until T0+1000
    h.advanceTo(T0 + 900);
    const limited = h.client.send({ method: "GET", path: "/limited", schema: thingsSchema });
    await vi.waitFor(() => expect(h.pending).toHaveLength(2)); // paused until T0+2900

    // Woken at T0+1000, the retry would end its wait 2900 ms after it began: past 2500.
    h.advanceTo(T0 + 1_000);
    await expect(retrying).rejects.toMatchObject({ status: 503 });
    const fresh = h.client.send({ method: "GET", path: "/fresh", schema: thingsSchema });
    await vi.waitFor(() => expect(h.pending).toHaveLength(2));
    h.advanceTo(T0 + 2_900);
    await Promise.all([limited, fresh]);

    expect(h.sleeps).toEqual([
      { at: T0, ms: 1_000 },
      { at: T0 + 900, ms: 2_000 },
      { at: T0 + 1_000, ms: 1_900 },
    ]);
    expect(arrivals.slice(0, 2)).toEqual([
      { url: "/v1/retrying", at: T0 },
      { url: "/v1/limited", at: T0 + 900 },
    ]);
    expect(arrivals.slice(2).map((a) => a.at)).toEqual([T0 + 2_900, T0 + 2_900]);
  });
});

describe("createWebexClient: errors", () => {
  it("404 → WebexApiError with status, method, path, Webex's message and the trackingId from the body", async () => {
    server.script(
      json(
        404,
        { message: "Call park extension not found", trackingId: "ROUTER_BODY_404" },
        { trackingid: "ROUTER_HDR" },
      ),
    );
    const { client, waits } = makeClient();
    const err = await rejection(
      client.send({
        method: "GET",
        path: "/telephony/config/locations/L1/callParkExtensions/C1",
        query: { orgId: "O1" },
      }),
    );
    expect(err).toBeInstanceOf(WebexApiError);
    expect(err).toMatchObject({
      code: "webex.api",
      status: 404,
      method: "GET",
      path: "/telephony/config/locations/L1/callParkExtensions/C1",
      webexMessage: "Call park extension not found",
      trackingId: "ROUTER_BODY_404",
      afterAmbiguousAttempt: false,
    });
    expect(waits).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("Webex's message is read from errors[0].description when there is no message", async () => {
    server.script(
      json(400, { errors: [{ description: "Invalid extension" }] }, { trackingid: "ROUTER_HDR_400" }),
    );
    const { client } = makeClient();
    const err = await rejection(client.send({ method: "POST", path: "/things", json: {} }));
    expect(err).toMatchObject({
      status: 400,
      webexMessage: "Invalid extension",
      trackingId: "ROUTER_HDR_400",
    });
  });

  it("a non-JSON error body still gives a WebexApiError with the status", async () => {
    server.script((_req, res) => {
      res.writeHead(403, { "content-type": "text/html" });
      res.end("<html>Forbidden</html>");
    });
    const { client } = makeClient();
    const err = await rejection(client.send({ method: "GET", path: "/things" }));
    expect(err).toBeInstanceOf(WebexApiError);
    expect(err).toMatchObject({ status: 403, webexMessage: undefined });
  });

  it("a 502 then a 404 on DELETE → afterAmbiguousAttempt true", async () => {
    server.script(json(502, {}), json(404, { message: "gone" }));
    const { client } = makeClient();
    const err = await rejection(
      client.send({ method: "DELETE", path: "/telephony/config/locations/L1/callParkExtensions/C1" }),
    );
    expect(err).toBeInstanceOf(WebexApiError);
    expect(err).toMatchObject({ status: 404, method: "DELETE", afterAmbiguousAttempt: true });
    expect(server.seen.map((s) => s.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("a 503 then a 404 on DELETE → afterAmbiguousAttempt false (a 503 did nothing)", async () => {
    server.script(json(503, {}), json(404, {}));
    const { client } = makeClient();
    await expect(client.send({ method: "DELETE", path: "/things/1" })).rejects.toMatchObject({
      status: 404,
      afterAmbiguousAttempt: false,
    });
  });

  it("a plain 404 on DELETE → afterAmbiguousAttempt false", async () => {
    server.script(json(404, {}));
    const { client } = makeClient();
    await expect(client.send({ method: "DELETE", path: "/things/1" })).rejects.toMatchObject({
      status: 404,
      afterAmbiguousAttempt: false,
    });
  });

  it("a dropped connection then a 404 on DELETE → afterAmbiguousAttempt true", async () => {
    server.script(drop, json(404, {}));
    const { client } = makeClient();
    await expect(client.send({ method: "DELETE", path: "/things/1" })).rejects.toMatchObject({
      status: 404,
      afterAmbiguousAttempt: true,
    });
  });

  it("a dropped connection is retried, then succeeds", async () => {
    server.script(drop, json(200, { items: [] }));
    const { client, waits } = makeClient();
    await expect(
      client.send({ method: "GET", path: "/things", schema: thingsSchema }),
    ).resolves.toMatchObject({
      status: 200,
    });
    expect(server.seen).toHaveLength(2);
    expect(waits).toEqual([125]);
  });

  it("dropped every time → WebexNetworkError after maxAttempts", async () => {
    server.script(drop, drop, drop, drop);
    const { client, waits } = makeClient({ retry: { maxAttempts: 3 } });
    const err = await rejection(client.send({ method: "GET", path: "/things" }));
    expect(err).toBeInstanceOf(WebexNetworkError);
    expect(err).toMatchObject({ code: "webex.network", method: "GET", path: "/things" });
    expect(server.seen).toHaveLength(3);
    expect(waits).toEqual([125, 250]);
  });

  it("a refused connection → WebexNetworkError", async () => {
    const closed = await startScriptedServer();
    const origin = closed.origin;
    await closed.close();
    const waits: number[] = [];
    const client = createWebexClient({
      baseUrl: `${origin}/v1`,
      tokens: staticToken(TOKEN),
      logger: createLogger("silent"),
      dispatcher: agent,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      retry: { maxAttempts: 2 },
    });
    const err = await rejection(client.send({ method: "GET", path: "/things" }));
    expect(err).toBeInstanceOf(WebexNetworkError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect(waits).toEqual([125]);
  });
});

describe("createWebexClient: tokens", () => {
  function refreshingTokens(first: string, second: string) {
    let current = first;
    const rejected: string[] = [];
    const provider: TokenProvider = {
      getToken: async () => current,
      onUnauthorized: async (token) => {
        rejected.push(token);
        if (current === first) {
          current = second;
          return true;
        }
        return false;
      },
    };
    return { provider, rejected };
  }

  it("401 with a provider that renews → retried once with the new token", async () => {
    server.script(json(401, { message: "expired" }), json(200, { items: [] }));
    const { provider, rejected } = refreshingTokens("OLD-TOKEN-AAA", "NEW-TOKEN-BBB");
    const { client, waits } = makeClient({ tokens: provider });
    const res = await client.send({ method: "GET", path: "/things", schema: thingsSchema });
    expect(res.status).toBe(200);
    expect(server.seen.map((s) => s.headers.authorization)).toEqual([
      "Bearer OLD-TOKEN-AAA",
      "Bearer NEW-TOKEN-BBB",
    ]);
    expect(rejected).toEqual(["OLD-TOKEN-AAA"]);
    expect(waits).toEqual([]);
  });

  it("401 again after a renewal → no second retry", async () => {
    server.script(json(401, {}), json(401, {}), json(200, { items: [] }));
    const { provider } = refreshingTokens("OLD-TOKEN-AAA", "NEW-TOKEN-BBB");
    const { client } = makeClient({ tokens: provider });
    await expect(client.send({ method: "GET", path: "/things" })).rejects.toMatchObject({ status: 401 });
    expect(server.seen).toHaveLength(2);
  });

  it("401 with a static token → WebexApiError at once", async () => {
    server.script(json(401, {}), json(200, { items: [] }));
    const { client } = makeClient();
    await expect(client.send({ method: "GET", path: "/things" })).rejects.toMatchObject({ status: 401 });
    expect(server.seen).toHaveLength(1);
  });

  it.each<[string, Handler[], Partial<RetryPolicy>]>([
    [
      "401",
      [
        json(401, {
          message: "The request requires a valid access token set in the Authorization request header.",
        }),
      ],
      {},
    ],
    ["404", [json(404, { message: "not found" })], {}],
    ["429 too long", [json(429, {}, { "retry-after": "999" })], {}],
    ["503 exhausted", [json(503, {}), json(503, {})], { maxAttempts: 2 }],
    ["network exhausted", [drop, drop], { maxAttempts: 2 }],
    ["bad response", [json(200, { nope: true })], {}],
  ])("%s: the error's message and stack never contain the token", async (_label, handlers, retry) => {
    server.script(...handlers);
    const { client } = makeClient({ retry });
    const err = await rejection(
      client.send({ method: "GET", path: "/things", query: { orgId: "O" }, schema: thingsSchema }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as Error).message).not.toContain(TOKEN);
    expect(String((err as Error).stack)).not.toContain(TOKEN);
    expect(JSON.stringify(err)).not.toContain(TOKEN);
  });
});

describe("createWebexClient: listAll", () => {
  const pageSchema = z.object({ items: z.array(z.object({ id: z.string(), n: z.number() })) });

  it("follows Link rel=next over 3 pages, verbatim", async () => {
    const page2 = `${server.origin}/v1/things?cursor=p2&max=2`;
    const page3 = `${server.origin}/v1/things?cursor=p3&max=2`;
    server.script(
      json(
        200,
        {
          items: [
            { id: "a", n: 1 },
            { id: "b", n: 2 },
          ],
        },
        { link: `<${page2}>; rel="next"` },
      ),
      json(
        200,
        {
          items: [
            { id: "c", n: 3 },
            { id: "d", n: 4 },
          ],
        },
        { link: `<${page3}>; rel="next"` },
      ),
      json(200, { items: [{ id: "e", n: 5 }] }),
    );
    const { client } = makeClient();
    const items = await client.listAll({
      path: "/things",
      query: { orgId: "O1", max: 2 },
      schema: pageSchema,
    });
    expect(items.map((i) => i.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(server.seen.map((s) => s.url)).toEqual([
      "/v1/things?orgId=O1&max=2",
      "/v1/things?cursor=p2&max=2",
      "/v1/things?cursor=p3&max=2",
    ]);
    expect(server.seen.every((s) => s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("a root-relative Link resolves against the request URL (RFC 8288), not under the base path", async () => {
    server.script(
      json(200, { items: [{ id: "a", n: 1 }] }, { link: `</v1/things?cursor=p2>; rel="next"` }),
      json(200, { items: [{ id: "b", n: 2 }] }),
    );
    const { client } = makeClient();
    const items = await client.listAll({ path: "/things", schema: pageSchema });
    expect(server.seen.map((s) => s.url)).toEqual(["/v1/things", "/v1/things?cursor=p2"]);
    expect(items.map((i) => i.id)).toEqual(["a", "b"]);
  });

  it("stops at maxPages", async () => {
    const next = `${server.origin}/v1/things?cursor=again`;
    server.script(
      json(200, { items: [{ id: "a", n: 1 }] }, { link: `<${next}>; rel="next"` }),
      json(200, { items: [{ id: "b", n: 2 }] }, { link: `<${next}>; rel="next"` }),
      json(200, { items: [{ id: "c", n: 3 }] }, { link: `<${next}>; rel="next"` }),
    );
    const { client } = makeClient();
    let capped = 0;
    const items = await client.listAll({
      path: "/things",
      schema: pageSchema,
      maxPages: 2,
      onCapped: () => capped++,
    });
    expect(items.map((i) => i.id)).toEqual(["a", "b"]);
    expect(server.seen).toHaveLength(2);
    expect(capped).toBe(1);
  });

  it("does not call onCapped when the last page linked no next, or `enough` stopped it", async () => {
    const next = `${server.origin}/v1/things?cursor=again`;
    server.script(
      json(200, { items: [{ id: "a", n: 1 }] }, { link: `<${next}>; rel="next"` }),
      json(200, { items: [{ id: "b", n: 2 }] }),
      json(200, { items: [{ id: "c", n: 3 }] }, { link: `<${next}>; rel="next"` }),
    );
    const { client } = makeClient();
    let capped = 0;
    const onCapped = () => capped++;
    await client.listAll({ path: "/things", schema: pageSchema, maxPages: 2, onCapped });
    await client.listAll({ path: "/things", schema: pageSchema, maxPages: 1, enough: () => true, onCapped });
    expect(capped).toBe(0);
  });

  it("stops on an empty page even when it links next", async () => {
    const next = `${server.origin}/v1/things?cursor=again`;
    server.script(
      json(200, { items: [{ id: "a", n: 1 }] }, { link: `<${next}>; rel="next"` }),
      json(200, { items: [] }, { link: `<${next}>; rel="next"` }),
      json(200, { items: [{ id: "c", n: 3 }] }),
    );
    const { client } = makeClient();
    expect((await client.listAll({ path: "/things", schema: pageSchema })).map((i) => i.id)).toEqual(["a"]);
    expect(server.seen).toHaveLength(2);
  });

  it.each([
    ["another port on the same host", () => `${elsewhere.origin}/v1/things?cursor=p2`],
    ["another host", () => "http://evil.invalid/v1/things?cursor=p2"],
    [
      "https on the same host and port",
      () => `${server.origin.replace("http:", "https:")}/v1/things?cursor=p2`,
    ],
  ])("a Link to %s → AppError webex.bad-response, and no request is sent there", async (_label, link) => {
    server.script(
      json(200, { items: [{ id: "a", n: 1 }] }, { link: `<${link()}>; rel="next"` }),
      json(200, { items: [{ id: "b", n: 2 }] }),
    );
    elsewhere.script(json(200, { items: [{ id: "stolen", n: 0 }] }));
    const { client, waits } = makeClient();
    const err = await rejection(client.listAll({ path: "/things", schema: pageSchema }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "webex.bad-response" });
    expect(elsewhere.seen).toHaveLength(0);
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("an absolute path to another origin given to send is refused before any request", async () => {
    const { client } = makeClient();
    await expect(client.send({ method: "GET", path: `${elsewhere.origin}/v1/things` })).rejects.toMatchObject(
      {
        code: "webex.bad-response",
      },
    );
    expect(elsewhere.seen).toHaveLength(0);
  });
});
