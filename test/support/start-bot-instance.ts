import { Writable } from "node:stream";
import type { BotConfig } from "../../src/config.js";
import { deriveCardSigningKey } from "../../src/confirm/card-token.js";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { createLogger } from "../../src/logger.js";
import { type AppOptions, type RunningApp, startApp } from "../../src/start-app.js";
import { ADMIN_TOKEN, ALICE, BOB, BOT_TOKEN } from "../e2e/test-org.js";

export const TEST_WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";

export interface BotInstance {
  app: RunningApp;
  logs: Record<string, unknown>[];
}

/**
 * One bot instance (real server, real framework) on a free loopback port, talking to `emulator`.
 * `publicUrl` defaults to the instance's own URL; behind a proxy, pass the proxy's.
 */
export async function startBotInstance(
  emulator: RunningEmulator,
  options: {
    config?: Partial<BotConfig>;
    app?: Partial<Omit<AppOptions, "config" | "port" | "logger">>;
  } = {},
): Promise<BotInstance> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await startApp({
    port: 0,
    host: "127.0.0.1",
    logger: createLogger("debug", sink),
    retry: { defaultRetryAfterMs: 20, baseBackoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 2_000 },
    ...options.app,
    config: (url) => ({
      botToken: BOT_TOKEN,
      admin: { kind: "static", token: ADMIN_TOKEN },
      orgId: undefined,
      apiUrl: emulator.apiUrl,
      webhookSecret: TEST_WEBHOOK_SECRET,
      publicUrl: url,
      port: 0,
      allowedEmails: [ALICE, BOB],
      allowedDomains: [],
      confirmTtlSeconds: 300,
      cardSigningKey: deriveCardSigningKey(TEST_WEBHOOK_SECRET),
      logLevel: "debug",
      redisUrl: undefined,
      auditLogPath: "",
      ...options.config,
    }),
  });
  return { app, logs };
}
