import type { BotConfig } from "../../src/config.js";
import { deriveCardSigningKey } from "../../src/confirm/card-token.js";
import { ADMIN_TOKEN, ALICE, BOB, BOT_TOKEN, RITA } from "../e2e/test-org.js";

export const TEST_WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";

/**
 * The real-mode configuration every in-process test bot starts from: the test org's tokens
 * (test/e2e/test-org.ts), Alice, Bob and Rita allowed (Rita holds no Full Administrator role), no Redis, no audit file, webhooks to the bot's
 * own URL. `overrides` win.
 */
export function testBotConfig(
  emulatorApiUrl: string,
  listeningUrl: string,
  overrides: Partial<BotConfig> = {},
): BotConfig {
  return {
    botToken: BOT_TOKEN,
    admin: { kind: "static", token: ADMIN_TOKEN },
    orgId: undefined,
    apiUrl: emulatorApiUrl,
    webhookSecret: TEST_WEBHOOK_SECRET,
    publicUrl: listeningUrl,
    port: 0,
    allowedEmails: [ALICE, BOB, RITA],
    allowedDomains: [],
    confirmTtlSeconds: 300,
    cardSigningKey: deriveCardSigningKey(overrides.webhookSecret ?? TEST_WEBHOOK_SECRET),
    logLevel: "debug",
    redisUrl: undefined,
    auditLogPath: "",
    ...overrides,
  };
}
