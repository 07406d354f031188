import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BotStart } from "./bot-process.js";
import { BENCH_ADMIN_TOKEN, BENCH_BOT_TOKEN, type BenchOrgOptions } from "./build-bench-org.js";
import type { FlowRun, InitResult } from "./emulator-process.js";
import { type Child, forkChild } from "./ipc.js";
import { waitForQuiet } from "./machine.js";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Where a run keeps its scratch files (child logs, audit files) and, with --profile, CPU profiles. */
export interface BenchEnv {
  quick: boolean;
  /** Scratch directory for this run (logs, audit files). */
  workDir: string;
  /** Set with --profile: children write V8 CPU profiles of the measured windows here. */
  profileDir?: string;
}

let counter = 0;

function flagsFor(_env: BenchEnv, _role: string, extra: string[] = []): string[] {
  return extra;
}

/**
 * Runs `work`; with --profile, each child in `children` records a V8 CPU profile of exactly that
 * window, written to `<profileDir>/<label>-<role>.cpuprofile`. Returns work's value and the files.
 */
export async function profiled<T>(
  env: BenchEnv,
  label: string,
  children: { role: string; child: Child }[],
  work: () => Promise<T>,
): Promise<{ value: T; profiles: { role: string; file: string }[] }> {
  const dir = env.profileDir;
  if (!dir) return { value: await work(), profiles: [] };
  mkdirSync(dir, { recursive: true });
  await Promise.all(children.map((c) => c.child.call("profileStart")));
  const value = await work();
  const profiles = await Promise.all(
    children.map(async (c) => ({
      role: c.role,
      file: await c.child.call<string>("profileStop", join(dir, `${label}-${c.role}.cpuprofile`)),
    })),
  );
  return { value, profiles };
}

export interface EmulatorChild {
  child: Child;
  init: InitResult;
  run(args: {
    mode: "full" | "echo";
    flows: number;
    concurrency: number;
    poolStart?: number;
  }): Promise<FlowRun>;
}

export async function startEmulatorChild(
  env: BenchEnv,
  org: BenchOrgOptions,
  role = "emulator",
): Promise<EmulatorChild> {
  const child = forkChild(join(here, "emulator-process.ts"), {
    logFile: join(env.workDir, `${role}-${++counter}.log`),
    nodeFlags: flagsFor(env, role),
  });
  const init = await child.call<InitResult>("init", org);
  return { child, init, run: (args) => child.call<FlowRun>("runFlows", args) };
}

export interface ParkBotChild {
  child: Child;
  start: BotStart;
  auditLogPath: string;
}

/** Variations on the production configuration, for finding what a figure is made of. */
export interface ParkBotVariant {
  /** false: no audit file (audit lines still logged). Default true, as in production. */
  auditFile?: boolean;
  /** Default "info", as in production. */
  logLevel?: "info" | "warn";
  /** Run another checkout's src/ and commands/ (a proposed fix), e.g. /tmp/parkbot-fix. */
  root?: string;
}

export async function startParkBotChild(
  env: BenchEnv,
  emulator: InitResult,
  role = "park-bot",
  variant: ParkBotVariant = {},
): Promise<ParkBotChild> {
  const n = ++counter;
  const child = forkChild(join(variant.root ? join(variant.root, "bench") : here, "bot-process.ts"), {
    logFile: join(env.workDir, `${role}-${n}.log`),
    nodeFlags: flagsFor(env, role, ["--expose-gc"]),
    env: { BENCH_BOT_TOKEN, BENCH_ADMIN_TOKEN, BENCH_LOG_LEVEL: variant.logLevel ?? "info" },
  });
  // As in production (AUDIT_LOG_PATH defaults to ./data/audit.jsonl): audit lines appended and
  // fsync'd to a file.
  const auditLogPath = variant.auditFile === false ? "" : join(env.workDir, `audit-${n}.jsonl`);
  const start = await child.call<BotStart>("start", { apiUrl: emulator.apiUrl, auditLogPath });
  return { child, start, auditLogPath };
}

export async function startEchoBotChild(
  env: BenchEnv,
  emulator: EmulatorChild,
  batcherWait: number | undefined,
  role = "echo-bot",
): Promise<Child> {
  const child = forkChild(join(here, "echo-bot.ts"), {
    logFile: join(env.workDir, `${role}-${++counter}.log`),
    nodeFlags: flagsFor(env, role),
    env: { BENCH_BOT_TOKEN },
  });
  await child.call("start", { apiUrl: emulator.init.apiUrl, batcherWait });
  // The framework registers its webhooks in the background after start() resolves.
  const deadline = Date.now() + 15_000;
  while ((await emulator.child.call<number>("webhookCount")) < 2) {
    if (Date.now() > deadline) throw new Error("the echo bot registered no webhooks");
    await sleep(20);
  }
  return child;
}

/** The floor bot (bench/floor-bot.ts): bare node:http + undici, same calls as Park Bot's message step. */
export async function startFloorBotChild(
  env: BenchEnv,
  emulator: EmulatorChild,
  role = "floor-bot",
): Promise<Child> {
  const child = forkChild(join(here, "floor-bot.ts"), {
    logFile: join(env.workDir, `${role}-${++counter}.log`),
    nodeFlags: flagsFor(env, role),
    env: { BENCH_BOT_TOKEN, BENCH_ADMIN_TOKEN },
  });
  await child.call("start", { apiUrl: emulator.init.apiUrl });
  return child;
}

/** Before a timed run (full mode): wait up to a minute for the rest of the machine to go quiet. */
export async function quiet(env: BenchEnv): Promise<void> {
  if (!env.quick) await waitForQuiet(60_000);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Usage {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}

/** CPU time (user + system) between two usage samples, ms. */
export function cpuMs(before: Usage, after: Usage): number {
  return (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
}

/**
 * Sends one flow per room, one room at a time, retrying a room whose first event the framework
 * dropped (its spawn race: an event arriving while the space's bot object is being built is
 * ignored). Afterwards every room has a framework bot object.
 */
export async function warmRooms(
  emulator: EmulatorChild,
  mode: "full" | "echo",
  rooms: number,
  poolStart: number,
): Promise<number> {
  let used = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await emulator.child.call<FlowRun>("runFlows", {
      mode,
      flows: rooms,
      concurrency: rooms,
      poolStart: poolStart + used,
      timeoutMs: 5_000,
    });
    used += rooms;
    if (run.failed === 0) return used;
  }
  return used;
}
