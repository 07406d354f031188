import { AppError } from "./app-error.js";
import { type BotConfig, type LoadedConfig, loadConfig } from "./config.js";
import { installProcessGuards } from "./install-process-guards.js";
import { createLogger, type Logger } from "./logger.js";
import { type RunningApp, startApp } from "./start-app.js";
import { startDemo } from "./start-demo.js";

/** How long SIGTERM waits for in-flight deletes before exiting anyway (ms). */
const SHUTDOWN_BOUND_MS = 25_000;

/** Composition root, and the only reader of process.env. */
async function main(): Promise<void> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(process.env);
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(loaded.logLevel);
  installProcessGuards(logger);
  const app = loaded.mode === "real" ? await startReal(loaded, logger) : await startDemoMode(loaded, logger);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight work; webhooks stay registered");
    const timer = setTimeout(() => {
      logger.error("shutdown took too long; exiting with work unfinished");
      process.exit(1);
    }, SHUTDOWN_BOUND_MS);
    timer.unref();
    app.close().then(
      () => {
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

async function startReal(config: BotConfig, logger: Logger): Promise<RunningApp> {
  logger.info({ mode: "real", apiUrl: config.apiUrl }, "starting Park Bot against Webex (real mode)");
  return startApp({ config, port: config.port, logger });
}

async function startDemoMode(
  loaded: Extract<LoadedConfig, { mode: "demo" }>,
  logger: Logger,
): Promise<RunningApp> {
  logger.info(
    { mode: "demo" },
    "starting Park Bot in DEMO mode: WEBEX_BOT_TOKEN is not set, so a built-in Webex emulator stands in for Webex. No real org is touched.",
  );
  const app = await startDemo({
    port: loaded.port,
    ...(loaded.host ? { host: loaded.host } : {}),
    logger,
    confirmTtlSeconds: loaded.confirmTtlSeconds,
    logLevel: loaded.logLevel,
    ...(loaded.auditLogPath ? { auditLogPath: loaded.auditLogPath } : {}),
    redisUrl: loaded.redisUrl,
  });
  logger.info({ url: app.url }, `Park Bot demo is ready: open ${app.url}/ in a browser`);
  return app;
}

main().catch((err: unknown) => {
  process.stderr.write(`Park Bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
