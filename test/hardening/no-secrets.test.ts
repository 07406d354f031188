import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveCardSigningKey } from "../../src/confirm/card-token.js";
import { installProcessGuards } from "../../src/install-process-guards.js";
import { createLogger } from "../../src/logger.js";
import { type Harness, signWebhook, startHarness } from "../e2e/harness.js";
import { parkDeletes } from "../e2e/support.js";
import { ALICE, BOB, MALLORY } from "../e2e/test-org.js";
import { DELETE_ROUTE, serviceAppOrg, tempDir, tokenRequests } from "./support.js";

// Recognisable credentials everywhere, a session that exercises every path that
// logs (request, confirm, refusals, a 401 outcome, refreshes, a forged webhook, a failed post),
// then every log line, every message in every room, the audit file and everything the process
// wrote to stdout/stderr are searched for them.
const BOT_TOKEN = "BOT-TOKEN-CANARY-4a8f1c";
const ADMIN_TOKEN = "ADMIN-TOKEN-CANARY-77d0e2";
const WEBHOOK_SECRET = "WEBHOOK-SECRET-CANARY-b51e93";
const CLIENT_SECRET = "CLIENT-SECRET-CANARY-0c6d2a";
const REFRESH_TOKEN = "REFRESH-TOKEN-CANARY-e94b17";
/** Access and refresh tokens the emulator mints start with these. */
const MINTED = [/EMULATOR_at_/, /EMULATOR_rt_/];

function secrets(): string[] {
  const key = deriveCardSigningKey(WEBHOOK_SECRET);
  return [
    BOT_TOKEN,
    ADMIN_TOKEN,
    WEBHOOK_SECRET,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    key.toString("hex"),
    key.toString("base64"),
    key.toString("base64url"),
  ];
}

function expectClean(label: string, text: string): void {
  for (const secret of secrets())
    expect(text, `${label} contains ${secret.slice(0, 12)}…`).not.toContain(secret);
  for (const minted of MINTED) expect(text, label).not.toMatch(minted);
  expect(text, label).not.toMatch(/Bearer\s+(?!\[redacted\])[\w.~+/-]+/i);
  expect(text, label).not.toMatch(/(client_secret|refresh_token|access_token)=(?!\[redacted\])\w/i);
}

describe("no secret in any log, message, audit line or process output", () => {
  let h: Harness;
  const auditPath = join(tempDir("secrets"), "audit.jsonl");
  const written: string[] = [];
  const restore: (() => void)[] = [];

  /** Tees what this process writes to stdout and stderr (the SDK writes there directly). */
  function tee(stream: NodeJS.WriteStream): void {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }

  beforeAll(async () => {
    tee(process.stdout);
    tee(process.stderr);
    const seed = serviceAppOrg({
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      rotateRefreshToken: true,
    });
    seed.bot.token = BOT_TOKEN;
    const [ada] = seed.admins;
    if (!ada) throw new Error("no admin");
    ada.token = ADMIN_TOKEN;
    h = await startHarness({
      seed,
      config: {
        botToken: BOT_TOKEN,
        admin: {
          kind: "refresh",
          clientId: "hardening-service-app",
          clientSecret: CLIENT_SECRET,
          refreshToken: REFRESH_TOKEN,
        },
        webhookSecret: WEBHOOK_SECRET,
        cardSigningKey: deriveCardSigningKey(WEBHOOK_SECRET),
        auditLogPath: auditPath,
      },
    });

    // A deletion, confirmed.
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    // Refusals: Mallory asks; Bob presses Alice's card; a forged token.
    await h.say(MALLORY, "Voice Admins", "delete park ext 1235 at HQ");
    await h.say(ALICE, "Voice Admins", "delete park ext 1235 at HQ");
    const card = h.lastCard("Voice Admins");
    await h.press(BOB, card.id, 0);
    await h.submit(ALICE, card.id, { parkBotToken: "v1.forged.forged" });
    // An expired access token: a 401, a refresh (with a rotated refresh token), a retry.
    h.emulator.expireAccessTokens();
    await h.press(ALICE, card.id, "Cancel");
    await h.say(BOB, "Other Room", "delete park ext 3001 at HQ Annex");
    // A 401 that a refresh does not cure: a failed outcome.
    h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 401, times: 2 });
    await h.press(BOB, h.lastCard("Other Room").id, 0);
    // The bot token refused on a post, and a 5xx with a dropped connection on the lookup.
    h.emulator.faults.inject({ method: "POST", path: "/messages", status: 401 });
    await h.say(ALICE, "Alice 1:1", "help");
    h.emulator.faults.inject({
      method: "GET",
      path: "/telephony/config/callParkExtensions",
      drop: true,
      times: 8,
    });
    await h.say(ALICE, "Alice 1:1", "delete park ext 5555");
    h.emulator.faults.clear();
    // A forged webhook, and one signed with the right secret but with a body that is not an event.
    await fetch(`${h.app.url}/webhook`, {
      method: "POST",
      headers: {
        "x-spark-signature": signWebhook("{}", "not-the-secret-0000000"),
        authorization: `Bearer ${BOT_TOKEN}`,
      },
      body: "{}",
    });
    await fetch(`${h.app.url}/webhook`, {
      method: "POST",
      headers: { "x-spark-signature": signWebhook("[]", WEBHOOK_SECRET) },
      body: "[]",
    });
    await h.say(ALICE, "Alice 1:1", "audit");
    await h.app.idle();
  });
  afterAll(async () => {
    for (const undo of restore) undo();
    await h?.close();
  });

  it("the session really went through every path (sanity for the searches below)", () => {
    expect(parkDeletes(h).map((d) => d.status)).toEqual([204, 401, 401]);
    expect(tokenRequests(h.emulator.requests).length).toBeGreaterThanOrEqual(3);
    expect(tokenRequests(h.emulator.requests).every((r) => r.status === 200)).toBe(true);
    const kinds = new Set(h.logs.filter((l) => l.audit === true).map((l) => l.kind));
    expect([...kinds].sort()).toEqual(["cancellation", "intent", "outcome", "refusal", "request"]);
    expect(h.logs.some((l) => l.msg === "admin access token refreshed")).toBe(true);
    expect(h.logs.some((l) => String(l.msg).includes("webhook refused"))).toBe(true);
    expect(h.logs.some((l) => l.level === 50 || l.level === 40)).toBe(true);
    expect(h.botMessages("Other Room").at(-1)?.text).toMatch(/admin token is invalid or has expired/);
  });

  it("every log line (debug included) is clean", () => {
    expect(h.logs.length).toBeGreaterThan(50);
    expectClean("logs", h.logs.map((l) => JSON.stringify(l)).join("\n"));
  });

  it("every message in every room, cards included, is clean", () => {
    const messages = h.emulator.rooms().flatMap((room) => h.emulator.messages(room.id));
    expect(messages.length).toBeGreaterThan(10);
    expectClean("messages", messages.map((m) => JSON.stringify(m)).join("\n"));
  });

  it("the audit file is clean", () => {
    const text = readFileSync(auditPath, "utf8");
    expect(text.split("\n").length).toBeGreaterThan(8);
    expectClean("audit file", text);
  });

  it("what the process wrote to stdout and stderr (the SDK's own output included) is clean", () => {
    expectClean("stdout/stderr", written.join(""));
  });

  it("no credential went out in a query string (the emulator logs queries)", () => {
    expectClean("queries", h.emulator.requests.map((r) => JSON.stringify(r.query)).join("\n"));
  });
});

describe("the bot's logger and SDK-style errors", () => {
  const TOKEN = "SDK-TOKEN-CANARY-3e1f7a";

  function capture() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    return { lines, logger: createLogger("debug", sink) };
  }

  /** What the framework's SDK rejects with: the request options, Authorization header included. */
  function sdkError(): Error {
    const err = Object.assign(
      new Error(
        `UNAUTHORIZED\nGET https://webexapis.com/v1/people/me\nWEBEX_TRACKING_ID: x\nAuthorization: Bearer ${TOKEN}`,
      ),
      {
        statusCode: 401,
        options: {
          method: "GET",
          uri: "https://webexapis.com/v1/people/me",
          headers: { authorization: `Bearer ${TOKEN}`, Authorization: `Bearer ${TOKEN}`, trackingid: "x" },
          auth: { bearer: TOKEN },
        },
        body: {
          message: "The request requires a valid access token set in the Authorization request header.",
        },
        token: TOKEN,
      },
    );
    Object.defineProperty(err, "headers", { value: { authorization: `Bearer ${TOKEN}` }, enumerable: true });
    return err;
  }

  it.each<[string, (err: Error) => Record<string, unknown>]>([
    ["as err", (err) => ({ err })],
    ["as error", (err) => ({ error: err })],
    ["as the cause of another error", (err) => ({ err: new Error("wrapped", { cause: err }) })],
    ["as a plain object (not an Error)", (err) => ({ err: { ...err, message: err.message } })],
    ["with the header at the top level", () => ({ headers: { authorization: `Bearer ${TOKEN}` } })],
    ["as a token field", () => ({ token: TOKEN, secret: TOKEN, clientSecret: TOKEN, refreshToken: TOKEN })],
  ])("an SDK-style error logged %s never prints the token", (_label, fields) => {
    const { lines, logger } = capture();
    logger.error(fields(sdkError()), "webex call failed");
    logger.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("webex call failed");
    expect(lines[0]).not.toContain(TOKEN);
  });

  it("an unhandled rejection from the SDK, through the process guard, never prints the token", () => {
    const { lines, logger } = capture();
    const before = process.listeners("unhandledRejection");
    const remove = installProcessGuards(logger);
    try {
      // The guard's own listener, called as Node would (a real unhandled rejection would also
      // reach vitest's listener and fail the run).
      const guard = process.listeners("unhandledRejection").find((l) => !before.includes(l));
      expect(guard).toBeDefined();
      guard?.(sdkError(), Promise.resolve());
    } finally {
      remove();
    }
    logger.flush();
    const line = lines.find((l) => l.includes("unhandled rejection"));
    expect(line).toBeDefined();
    expect(line).toContain("UNAUTHORIZED");
    expect(line).not.toContain(TOKEN);
  });
});
