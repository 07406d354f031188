import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ALICE, BENCH_ADMIN_TOKEN, BENCH_BOT_TOKEN } from "./build-bench-org.js";
import { type BenchEnv, quiet, startEmulatorChild } from "./processes.js";

export interface StartupResult {
  /** Spawn of `node dist/src/main.js` to its "ready" log line, ms, per run. */
  demo: number[];
  real: number[];
  /** Baselines: spawn to exit of `node -e 0`, and of a node that only imports the framework (and its SDK). */
  nodeAlone: number[];
  frameworkImport: number[];
}

const MAIN = "dist/src/main.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The environment without anything that would select real mode or production. */
function cleanEnv(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(WEBEX_|PUBLIC_URL$|ALLOWED_|NODE_ENV$|REDIS_URL$|CARD_SIGNING_KEY$|PORT$)/.test(key))
      delete env[key];
  }
  return env;
}

/** Spawns `args` and resolves with ms from spawn to the first JSON log line whose msg is "ready". */
function timeToReady(cwd: string, env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [MAIN], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    let stderr = "";
    let readyAt: number | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (readyAt !== undefined || !line.startsWith("{")) continue;
        try {
          if ((JSON.parse(line) as { msg?: string }).msg === "ready") {
            readyAt = performance.now() - started;
            child.kill("SIGTERM");
          }
        } catch {
          // not a log line
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (readyAt !== undefined) resolve(readyAt);
      else reject(new Error(`${MAIN} exited (${code}) before "ready": ${stderr.slice(0, 500)}`));
    });
  });
}

function timeToExit(args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: "ignore" });
    child.once("exit", (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${args.join(" ")} exited ${code}`)),
    );
  });
}

/**
 * Start-up: `node dist/src/main.js` (what `npm start` runs after building) from spawn to "ready",
 * in demo mode and in real mode against an emulator in another process. One untimed start of each
 * first (the OS file cache, and in real mode the bot's webhooks: the timed starts are restarts of
 * an instance whose webhooks exist, the common case).
 */
export async function measureStartup(env: BenchEnv, runs: number, cwd: string): Promise<StartupResult> {
  if (!existsSync(join(cwd, MAIN))) throw new Error(`${MAIN} is missing: run npm run build`);
  const demoEnv = {
    ...cleanEnv(),
    PORT: "0",
    LOG_LEVEL: "info",
    AUDIT_LOG_PATH: join(env.workDir, "demo-audit.jsonl"),
  };
  const emulator = await startEmulatorChild(
    env,
    { locations: 10, extensions: 100, groupRooms: 1, poolSize: 1 },
    "emulator-startup",
  );
  try {
    const port = await freePort();
    const realEnv = {
      ...cleanEnv(),
      WEBEX_BOT_TOKEN: BENCH_BOT_TOKEN,
      WEBEX_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      WEBEX_API_URL: emulator.init.apiUrl,
      WEBEX_WEBHOOK_SECRET: "bench-startup-secret-0123456789",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      ALLOWED_EMAILS: ALICE,
      LOG_LEVEL: "info",
      AUDIT_LOG_PATH: join(env.workDir, "real-audit.jsonl"),
    };
    const result: StartupResult = { demo: [], real: [], nodeAlone: [], frameworkImport: [] };
    if (!env.quick) await timeToReady(cwd, demoEnv);
    await timeToReady(cwd, realEnv);
    for (let r = 0; r < runs; r++) {
      await quiet(env);
      result.demo.push(await timeToReady(cwd, demoEnv));
      result.real.push(await timeToReady(cwd, realEnv));
      result.nodeAlone.push(await timeToExit(["-e", "0"], cwd));
      result.frameworkImport.push(
        await timeToExit(["-e", "require('webex-node-bot-framework'); process.exit(0)"], cwd),
      );
    }
    return result;
  } finally {
    await emulator.child.stop();
  }
}
