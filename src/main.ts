import { resolve } from "node:path";
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
  let envFile: string | undefined;
  try {
    envFile = loadDotEnv(resolve(".env"));
    loaded = loadConfig(process.env);
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.message} (${settingsFrom(envFile)})\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(loaded.logLevel);
  installProcessGuards(logger);
  const app =
    loaded.mode === "real"
      ? await startReal(loaded, logger, envFile)
      : await startDemoMode(loaded, logger, envFile);

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

/**
 * `.env` in the working directory, when there is one (README: copy `.env.example`), read into
 * process.env without replacing what the environment already sets: the platform's variables win
 * over a file left in the image. Returns the file's path when it was read.
 */
function loadDotEnv(path: string): string | undefined {
  const before = { ...process.env };
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new AppError(
      "config.invalid",
      `Cannot read ${path} (${String((err as NodeJS.ErrnoException).code)})`,
    );
  }
  // Node 20 already keeps variables that are set; restoring them keeps that true on any version.
  Object.assign(process.env, before);
  return path;
}

function settingsFrom(envFile: string | undefined): string {
  return envFile
    ? `settings from the environment and ${envFile}`
    : "settings from the environment; no .env file";
}

async function startReal(
  config: BotConfig,
  logger: Logger,
  envFile: string | undefined,
): Promise<RunningApp> {
  logger.info(
    { mode: "real", apiUrl: config.apiUrl, envFile: envFile ?? null },
    `starting Park Bot against Webex (real mode), ${settingsFrom(envFile)}`,
  );
  return startApp({ config, port: config.port, logger });
}

async function startDemoMode(
  loaded: Extract<LoadedConfig, { mode: "demo" }>,
  logger: Logger,
  envFile: string | undefined,
): Promise<RunningApp> {
  logger.info(
    { mode: "demo", envFile: envFile ?? null },
    `starting Park Bot in DEMO mode: WEBEX_BOT_TOKEN is not set, so a built-in Webex emulator stands in for Webex. No real org is touched. (${settingsFrom(envFile)})`,
  );
  const app = await startDemo({
    port: loaded.port,
    ...(loaded.host ? { host: loaded.host } : {}),
    logger,
    confirmTtlSeconds: loaded.confirmTtlSeconds,
    requireWebexAdmin: loaded.requireWebexAdmin,
    roleCacheSeconds: loaded.roleCacheSeconds,
    bulk: loaded.bulk,
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
