import { Writable } from "node:stream";
import type { BotConfig } from "../../src/config.js";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { createLogger } from "../../src/logger.js";
import { type AppOptions, type RunningApp, startApp } from "../../src/start-app.js";
import { testBotConfig } from "./test-bot-config.js";

export { TEST_WEBHOOK_SECRET } from "./test-bot-config.js";

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
    config: (url) => testBotConfig(emulator.apiUrl, url, options.config),
  });
  return { app, logs };
}
