import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { ALICE, BOT_TOKEN } from "../e2e/test-org.js";
import {
  CLIENT_ID,
  freePort,
  REFRESH_TOKEN,
  serviceAppOrg,
  spawnBot,
  telephony,
  tempDir,
  tokenRequests,
} from "./support.js";

// A refused refresh at start: the real process (src/main.ts) with a client secret Webex refuses. It
// must not start half-working; it must say why, and never print the secret or the refresh token.
const WRONG_SECRET = "CLIENT-SECRET-CANARY-wrong-7f3a9c";
const WEBHOOK_SECRET = "WEBHOOK-SECRET-CANARY-startup-0123";

describe("admin token refresh refused at start", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: serviceAppOrg() });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("wrong client secret → the bot refuses to start with a clear error that does not contain the secret", async () => {
    const port = await freePort();
    const bot = spawnBot({
      WEBEX_BOT_TOKEN: BOT_TOKEN,
      WEBEX_CLIENT_ID: CLIENT_ID,
      WEBEX_CLIENT_SECRET: WRONG_SECRET,
      WEBEX_REFRESH_TOKEN: REFRESH_TOKEN,
      WEBEX_API_URL: emulator.apiUrl,
      WEBEX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      ALLOWED_EMAILS: ALICE,
      AUDIT_LOG_PATH: `${tempDir("refresh-failure")}/audit.jsonl`,
      LOG_LEVEL: "debug",
    });
    const code = await bot.exited;
    expect(code).not.toBe(0);
    expect(typeof code).toBe("number");

    const stderr = bot.stderr.join("\n");
    expect(stderr).toMatch(/failed to start/i);
    // Which call failed and why, in Webex's words.
    expect(stderr).toContain("/access_token");
    expect(stderr).toMatch(/401/);
    expect(stderr).toMatch(/client credentials/i);
    const everything = [...bot.stdout, ...bot.stderr].join("\n");
    for (const secret of [WRONG_SECRET, REFRESH_TOKEN, WEBHOOK_SECRET, BOT_TOKEN]) {
      expect(everything).not.toContain(secret);
    }

    // It tried exactly once, was refused, and did nothing else as admin: no webhook, no telephony.
    expect(tokenRequests(emulator.requests).map((r) => r.status)).toEqual([401]);
    expect(telephony(emulator.requests)).toEqual([]);
    expect(emulator.webhooks()).toEqual([]);
  });
});
