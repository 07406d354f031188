import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/app-error.js";
import type { BotConfig } from "../../src/config.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import { createLogger } from "../../src/logger.js";
import { type RunningApp, startApp } from "../../src/start-app.js";
import { waitUntil } from "../hardening/support.js";
import { testBotConfig } from "../support/test-bot-config.js";
import { signWebhook } from "./harness.js";
import { ADMIN_TOKEN, ALICE, BOT_TOKEN, testOrg } from "./test-org.js";

interface Starting {
  /** startApp's promise, as it is (it may reject). */
  app: Promise<RunningApp>;
  /** Every JSON line the bot logged so far. */
  logs: Record<string, unknown>[];
  /** The bot's URL, once its server listens. */
  url: Promise<string>;
}

/** The real startApp against the emulator, not awaited, so a test can watch it start (or refuse). */
function startBot(
  emulator: RunningEmulator,
  overrides: Partial<BotConfig> | ((url: string) => Partial<BotConfig>) = {},
): Starting {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const app = startApp({
    port: 0,
    host: "127.0.0.1",
    logger: createLogger("debug", sink),
    retry: { defaultRetryAfterMs: 20, baseBackoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 2_000 },
    startRetry: { baseMs: 10, maxMs: 40 },
    config: (listeningUrl) => {
      listening(listeningUrl);
      return testBotConfig(emulator.apiUrl, listeningUrl, {
        allowedEmails: [ALICE],
        ...(typeof overrides === "function" ? overrides(listeningUrl) : overrides),
      });
    },
  });
  return { app, logs, url };
}

/** The refusal startApp rejected with; fails the test when it started instead. */
async function refusalOf(starting: Starting): Promise<AppError> {
  const outcome = await starting.app.then(
    async (app) => {
      await app.close();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(outcome, "startApp refused to start").toBeInstanceOf(AppError);
  return outcome as AppError;
}

/** After a refusal: no webhook registered, nothing posted, and the port let go. */
async function expectNothingLeftBehind(emulator: RunningEmulator, starting: Starting): Promise<void> {
  expect(emulator.webhooks()).toEqual([]);
  expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
  const url = await starting.url;
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
}

describe("start-up checks of the two credentials", () => {
  // The framework's SDK takes one API URL per process: every bot that gets that far in this file
  // talks to the one shared emulator.
  let shared: RunningEmulator;
  let own: RunningEmulator | undefined;
  let running: RunningApp | undefined;

  beforeAll(async () => {
    shared = await startEmulator({ seed: testOrg() });
  });
  afterAll(async () => {
    await shared?.close();
  });
  /** The shared emulator, or (for a seed of its own, refused before the SDK starts) a new one. */
  const serve = async (seed?: OrgSeed) => {
    if (!seed) return shared;
    own = await startEmulator({ seed });
    return own;
  };
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await own?.close();
    own = undefined;
    shared.faults.clear();
    shared.reset();
    shared.clearRequests();
  });

  it("tokens swapped (a person's token as WEBEX_BOT_TOKEN, the bot's as WEBEX_ADMIN_TOKEN): refuses, names both, registers no webhook", async () => {
    const e = await serve();
    const starting = startBot(e, { botToken: ADMIN_TOKEN, admin: { kind: "static", token: BOT_TOKEN } });
    const err = await refusalOf(starting);
    expect(err.message).toMatch(
      /^WEBEX_BOT_TOKEN is not a bot's token: it belongs to the person "Ada Admin"/,
    );
    expect(err.message).toContain("register its webhooks on that account and reply as them");
    expect(err.message).toContain("WEBEX_ADMIN_TOKEN holds a bot's token: the two look swapped");
    expect(err.message).not.toContain(ADMIN_TOKEN);
    expect(err.message).not.toContain(BOT_TOKEN);
    await expectNothingLeftBehind(e, starting);
    // It never acted with the person's token beyond asking who it is.
    expect(e.requests.filter((r) => r.auth === "admin").map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /people/me",
    ]);
  });

  it("a person's token as WEBEX_BOT_TOKEN (the admin's own): refuses, naming WEBEX_BOT_TOKEN only", async () => {
    const e = await serve();
    const starting = startBot(e, { botToken: ADMIN_TOKEN });
    const err = await refusalOf(starting);
    expect(err.message).toMatch(/^WEBEX_BOT_TOKEN is not a bot's token/);
    expect(err.message).not.toContain("swapped");
    expect(err.message).not.toContain(ADMIN_TOKEN);
    await expectNothingLeftBehind(e, starting);
  });

  it("the bot's token as WEBEX_ADMIN_TOKEN: refuses, naming WEBEX_ADMIN_TOKEN, before any telephony call", async () => {
    const e = await serve();
    const starting = startBot(e, { admin: { kind: "static", token: BOT_TOKEN } });
    const err = await refusalOf(starting);
    expect(err.message).toMatch(/^WEBEX_ADMIN_TOKEN is a bot's token \(the bot "Park Bot"/);
    expect(err.message).toContain("full or location administrator");
    expect(err.message).not.toContain(BOT_TOKEN);
    expect(e.requests.filter((r) => r.path.startsWith("/telephony"))).toEqual([]);
    await expectNothingLeftBehind(e, starting);
  });

  it.each<[string, Partial<BotConfig>, RegExp]>([
    [
      "WEBEX_ADMIN_TOKEN",
      { admin: { kind: "static", token: "EXPIRED-ADMIN-TOKEN-4f1c" } },
      /^WEBEX_ADMIN_TOKEN was refused by Webex \(401 to GET \/people\/me, trackingId [^)]+\): it is invalid or expired\./,
    ],
    [
      "WEBEX_BOT_TOKEN",
      { botToken: "EXPIRED-BOT-TOKEN-91ab" },
      /^WEBEX_BOT_TOKEN was refused by Webex \(401 to GET \/people\/me, trackingId [^)]+\): it is invalid or expired\./,
    ],
  ])("an invalid or expired %s: refuses with a sentence naming it", async (_name, overrides, sentence) => {
    const e = await serve();
    const starting = startBot(e, overrides);
    const err = await refusalOf(starting);
    expect(err.message).toMatch(sentence);
    expect(err.message).not.toMatch(/EXPIRED-/);
    await expectNothingLeftBehind(e, starting);
  });

  it("an admin token that may not read its own person, and no WEBEX_ORG_ID: refuses, naming WEBEX_ORG_ID", async () => {
    const e = await serve();
    // In front of the emulator: GET /people/me with the admin token answers 403, as Webex does for
    // a credential without the right to read people.
    const front = createServer(async (req, res) => {
      if (req.url?.endsWith("/people/me") && req.headers.authorization === `Bearer ${ADMIN_TOKEN}`) {
        res.writeHead(403, { "content-type": "application/json" }).end('{"message":"Forbidden"}');
        return;
      }
      const upstream = await fetch(`${e.url}${req.url}`, {
        method: req.method ?? "GET",
        headers: { authorization: req.headers.authorization ?? "" },
      });
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
    });
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/v1`;
      const err = await refusalOf(startBot(e, { apiUrl }));
      expect(err.message).toMatch(/^I can't tell which org WEBEX_ADMIN_TOKEN acts on/);
      expect(err.message).toContain("Set WEBEX_ORG_ID");
      expect(e.webhooks()).toEqual([]);
    } finally {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
  });

  it("an admin token without spark-admin:telephony_config_read: refuses, saying which scope and role it needs", async () => {
    const seed = testOrg();
    const ada = seed.admins[0];
    if (!ada) throw new Error("the test org has an admin");
    ada.scopes = ["spark-admin:people_read", "spark-admin:telephony_config_write"];
    const e = await serve(seed);
    const starting = startBot(e);
    const err = await refusalOf(starting);
    expect(err.message).toMatch(
      /^WEBEX_ADMIN_TOKEN may not read telephony settings \(Webex answered 403 to GET \/telephony\/config\/locations, trackingId [^)]+\): it needs the scope spark-admin:telephony_config_read/,
    );
    expect(err.message).toContain("full or location administrator of the org.");
    // One cheap read: one location at most.
    const reads = e.requests.filter((r) => r.path.startsWith("/telephony"));
    expect(reads.map((r) => [r.method, r.path, r.query, r.status])).toEqual([
      ["GET", "/telephony/config/locations", { max: "1" }, 403],
    ]);
    await expectNothingLeftBehind(e, starting);
  });

  it("REQUIRE_WEBEX_ADMIN on and an admin token without spark-admin:people_read: refuses, naming the scope and the way out", async () => {
    const seed = testOrg();
    const ada = seed.admins[0];
    if (!ada) throw new Error("the test org has an admin");
    ada.scopes = ["spark-admin:telephony_config_read", "spark-admin:telephony_config_write"];
    const e = await serve(seed);
    const starting = startBot(e);
    const err = await refusalOf(starting);
    expect(err.message).toMatch(
      /^REQUIRE_WEBEX_ADMIN is on, but WEBEX_ADMIN_TOKEN may not read Control Hub roles \(Webex answered 403 to GET \/roles, trackingId [^)]+\): it needs the scope spark-admin:people_read/,
    );
    expect(err.message).toContain("set REQUIRE_WEBEX_ADMIN=false to rely on the allowlist alone");
    expect(e.requests.filter((r) => r.path === "/roles")).toHaveLength(1);
    await expectNothingLeftBehind(e, starting);
  });

  it("WEBEX_ORG_SPACES binding a space to an org the token does not manage: refuses, naming the org and the variable", async () => {
    const e = await serve();
    const starting = startBot(e, { orgSpaces: { [e.room("Voice Admins")?.id ?? ""]: "ORG-NOT-MANAGED" } });
    const err = await refusalOf(starting);
    expect(err.message).toMatch(
      /^WEBEX_ORG_SPACES binds a space to the org ORG-NOT-MANAGED, but WEBEX_ADMIN_TOKEN may not read its telephony settings \(Webex answered 403 to GET \/telephony\/config\/locations, trackingId [^)]+\): the token must belong to a partner administrator of that org/,
    );
    const reads = e.requests.filter((r) => r.path.startsWith("/telephony"));
    expect(reads.map((r) => r.query)).toEqual([{ max: "1" }, { max: "1", orgId: "ORG-NOT-MANAGED" }]);
    await expectNothingLeftBehind(e, starting);
  });

  it("WEBEX_ORG_SPACES naming a space the bot is not in (a typo): refuses, naming the space and the variable", async () => {
    const e = await serve();
    const starting = startBot(e, { orgSpaces: { Y2lzY29zcGFyazovL3VzL1JPT00vdHlwbw: e.org.id } });
    const err = await refusalOf(starting);
    expect(err.message).toMatch(
      /^WEBEX_ORG_SPACES names the space Y2lzY29zcGFyazovL3VzL1JPT00vdHlwbw, which I am not in \(Webex answered 404 to GET \/rooms\/\{id\}/,
    );
    await expectNothingLeftBehind(e, starting);
  });

  it("REQUIRE_WEBEX_ADMIN=false: no roles are read at start, and the log says the allowlist alone decides", async () => {
    const e = await serve();
    const starting = startBot(e, { requireWebexAdmin: false });
    running = await starting.app;
    expect(e.requests.filter((r) => r.path === "/roles")).toEqual([]);
    expect(starting.logs.some((l) => String(l.msg).startsWith("REQUIRE_WEBEX_ADMIN is off"))).toBe(true);
  });

  it("WEBEX_ORG_ID naming an org the admin does not administer: refuses, naming WEBEX_ORG_ID; the read carries orgId", async () => {
    const e = await serve();
    const orgId = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9zb21lb25lLWVsc2U";
    const starting = startBot(e, { orgId });
    const err = await refusalOf(starting);
    expect(err.message).toContain("may not read telephony settings");
    expect(err.message).toContain("the org WEBEX_ORG_ID names");
    const reads = e.requests.filter((r) => r.path.startsWith("/telephony"));
    expect(reads.map((r) => r.query)).toEqual([{ max: "1", orgId }]);
    await expectNothingLeftBehind(e, starting);
  });

  it("good credentials: one check each, and the framework's own GET /people/me is not made again", async () => {
    const e = await serve();
    running = await startBot(e).app;
    expect(e.requests.map((r) => `${r.method} ${r.path} ${r.auth}`).slice(0, 5)).toEqual([
      "GET /people/me bot",
      "GET /people/me admin",
      "GET /telephony/config/locations admin",
      // The admin-role rule's one check at start, which also names the roles for every later check.
      "GET /roles admin",
      `GET /organizations/${e.org.id} admin`,
    ]);
    expect(e.requests.filter((r) => r.path === "/people/me")).toHaveLength(2);
    expect(running.bot.personId).toBe(e.botPerson.id);
    expect(e.webhooks()).toHaveLength(2);
  });

  it.each<[string, { status?: number; drop?: boolean }]>([
    ["503", { status: 503 }],
    ["a dropped connection", { drop: true }],
  ])(
    "Webex unavailable at start (%s): not ready, says so in the log, retries, then starts",
    async (_label, fault) => {
      const e = await serve();
      // The bot's GET /people/me fails once (retried by the client); the telephony check keeps failing
      // until the fault is lifted.
      e.faults.inject({ method: "GET", path: "/people/me", status: 503, times: 1 });
      e.faults.inject({ method: "GET", path: "/telephony/config/locations", ...fault, times: 100_000 });
      const starting = startBot(e);
      const url = await starting.url;
      const unavailable = () =>
        starting.logs.filter((l) => String(l.msg).startsWith("Webex is unavailable at start"));
      await waitUntil(() => unavailable().length >= 2, "two start-up retries in the log");

      const readyz = await fetch(`${url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({ status: "starting" });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(e.webhooks()).toEqual([]);
      expect(unavailable()[0]).toMatchObject({ level: 40, attempt: 1 });
      expect(String(unavailable()[0]?.msg)).toMatch(/not ready \(\/readyz 503\), trying again in \d+ s$/);
      // Backoff: each wait is at least the one before.
      const waits = unavailable().map((l) => Number(l.waitMs));
      expect(waits[1]).toBeGreaterThanOrEqual(waits[0] ?? 0);

      e.faults.clear();
      running = await starting.app;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(e.webhooks()).toHaveLength(2);
    },
  );

  it("a retried call's log line says which credential it went with", async () => {
    const e = await serve();
    e.faults.inject({ method: "GET", path: "/people/me", status: 503, times: 1 });
    e.faults.inject({ method: "GET", path: "/telephony/config/locations", status: 503, times: 1 });
    const starting = startBot(e);
    running = await starting.app;
    const retries = starting.logs.filter((l) => l.msg === "webex call failed, retrying");
    expect(retries.map((l) => [l.path, l.credential])).toEqual([
      ["/people/me", "bot"],
      ["/telephony/config/locations", "admin"],
    ]);
    expect(JSON.stringify(starting.logs)).not.toContain("[redacted]");
  });

  it("PUBLIC_URL with a path: webhooks target that path + /webhook, and the bot answers what arrives there", async () => {
    const e = await serve();
    const starting = startBot(e, (url) => ({ publicUrl: `${url}/park-bot` }));
    running = await starting.app;
    const url = await starting.url;
    expect(e.webhooks().map((w) => w.targetUrl)).toEqual([
      `${url}/park-bot/webhook`,
      `${url}/park-bot/webhook`,
    ]);

    const room = e.room("Alice 1:1");
    if (!room) throw new Error("the test org has Alice's space");
    await e.say({ from: ALICE, roomId: room.id, text: "help" });
    await e.whenIdle();
    await running.idle();
    expect(e.deliveries.map((d) => d.status)).toContain(200);
    expect(e.messages(room.id).filter((m) => m.personId === e.botPerson.id)).toHaveLength(1);

    // Only that path: another prefix is not a webhook.
    const body = JSON.stringify({ id: "x", resource: "messages", event: "created", data: { id: "y" } });
    const elsewhere = await fetch(`${url}/other/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-spark-signature": signWebhook(body) },
      body,
    });
    expect(elsewhere.status).toBe(404);
  });
});
