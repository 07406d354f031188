import { performance } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";
import { deriveCardSigningKey } from "../src/confirm/card-token.js";
import { installProcessGuards } from "../src/install-process-guards.js";
import { createLogger } from "../src/logger.js";
import { type RunningApp, startApp } from "../src/start-app.js";
import type { AttemptEvent } from "../src/webex/create-webex-client.js";
import { ALICE } from "./build-bench-org.js";
import { serveIpc } from "./ipc.js";
import { createWindowProfiler } from "./profiler.js";

/**
 * Park Bot under test, in its own process: the real `startApp` (server, framework, our Webex
 * client) against the emulator, configured as in production but for the URLs. Its JSON log goes to
 * stdout, which the driver points at a file.
 */

const BENCH_WEBHOOK_SECRET = "bench-webhook-secret-0123456789";

export type Attempt = AttemptEvent & { credential: "bot" | "admin" };

export interface BotStart {
  url: string;
  botPersonId: string;
  /** `startApp` call to resolved, ms. */
  startMs: number;
}

const logLevel = process.env.BENCH_LOG_LEVEL === "warn" ? "warn" : "info";
const logger = createLogger(logLevel);
installProcessGuards(logger);
let app: RunningApp | undefined;
let recording = false;
/** The bot's clock runs this far ahead of real time: the memory phase lets every TTL lapse. */
let clockOffsetMs = 0;
let attempts: Attempt[] = [];

function running(): RunningApp {
  if (!app) throw new Error("bot not started");
  return app;
}

const profiler = createWindowProfiler();

const handlers = {
  start: async ({ apiUrl, auditLogPath }: { apiUrl: string; auditLogPath: string }): Promise<BotStart> => {
    const started = performance.now();
    app = await startApp({
      port: 0,
      host: "127.0.0.1",
      logger,
      clock: { now: () => Date.now() + clockOffsetMs },
      onAttempt: (event) => {
        if (recording) attempts.push(event);
      },
      config: (url) => ({
        botToken: process.env.BENCH_BOT_TOKEN ?? "",
        admin: { kind: "static", token: process.env.BENCH_ADMIN_TOKEN ?? "" },
        orgId: undefined,
        apiUrl,
        webhookSecret: BENCH_WEBHOOK_SECRET,
        publicUrl: url,
        port: 0,
        allowedEmails: [ALICE],
        allowedDomains: [],
        confirmTtlSeconds: 300,
        cardSigningKey: deriveCardSigningKey(BENCH_WEBHOOK_SECRET),
        logLevel,
        redisUrl: undefined,
        auditLogPath,
      }),
    });
    return { url: app.url, botPersonId: app.bot.personId, startMs: performance.now() - started };
  },
  /** Starts (or stops) recording our client's attempts; `take` returns and clears them. */
  record: (on: boolean) => {
    recording = on;
    attempts = [];
  },
  takeAttempts: (): Attempt[] => {
    const taken = attempts;
    attempts = [];
    return taken;
  },
  /** Resolves when every accepted webhook has been fully handled. */
  idle: async () => {
    const a = running();
    await a.idle();
    await a.bot.idle();
  },
  /** Moves the bot's clock forward (claims, seen events, card expiry, the person cache). */
  advanceClock: (ms: number) => {
    clockOffsetMs += ms;
  },
  memory: () => process.memoryUsage(),
  /** Writes a V8 heap snapshot (for chasing what a run left behind); returns its path. */
  heapSnapshot: (path: string) => writeHeapSnapshot(path),
  gc: async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run with --expose-gc");
    // Several passes with turns of the event loop between: weak refs and finalizers settle.
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return process.memoryUsage();
  },
  usage: () => ({ cpu: process.cpuUsage(), memory: process.memoryUsage() }),
  profileStart: (intervalUs?: number) => profiler.start(intervalUs),
  profileStop: (path: string) => profiler.stop(path),
  exit: async () => {
    await app?.close();
    logger.flush();
    setImmediate(() => process.exit(0));
  },
};

serveIpc(handlers);
process.on("SIGTERM", () => {
  void handlers.exit();
});
