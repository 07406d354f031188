import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type LoadReport, machineInfo, startLoadSampler } from "./machine.js";
import { BULK_EVERY, BULK_ITEMS, BULK_LATENCY_MS, measureBulk } from "./measure-bulk.js";
import { measureCallsAtSize, SIZES } from "./measure-calls.js";
import { measureLatency } from "./measure-latency.js";
import { measureMemory } from "./measure-memory.js";
import { measureStartup } from "./measure-startup.js";
import { measureThroughput } from "./measure-throughput.js";
import type { BenchEnv } from "./processes.js";
import { formatSummary, summarizeProfile } from "./summarize-profile.js";
import { type BenchResults, budgetLines, type Phase, renderResults } from "./write-results.js";

/**
 * `npm run bench [-- --quick] [-- --profile] [-- --only=calls,latency,throughput,memory,startup,bulk]`
 *
 * Builds when dist/ is older than the sources, runs the six measurements, prints the budgets and
 * writes bench/RESULTS.md (quick mode: bench/RESULTS.quick.md; --only: bench/RESULTS.<phases>.md, e.g.
 * RESULTS.calls.md; --profile: bench/RESULTS.profiled.md
 * and the profiles' summaries in bench/PROFILE.md — profiling slows the bot, so its figures are not
 * the committed ones).
 */

const root = fileURLToPath(new URL("..", import.meta.url));
const benchDir = join(root, "bench");
const PHASES = ["calls", "latency", "throughput", "memory", "startup", "bulk"] as const;
type PhaseName = (typeof PHASES)[number];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function parseArgs(argv: readonly string[]): { quick: boolean; profile: boolean; only: Set<PhaseName> } {
  const quick = argv.includes("--quick");
  const profile = argv.includes("--profile");
  const onlyArg = argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  const only = new Set<PhaseName>(
    onlyArg
      ? (onlyArg.split(",").filter((p) => (PHASES as readonly string[]).includes(p)) as PhaseName[])
      : PHASES,
  );
  return { quick, profile, only };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/src/main.js is missing or older than any source. */
function buildIfNeeded(): BenchResults["build"] {
  const main = join(root, "dist/src/main.js");
  const sources = Math.max(newestMtime(join(root, "src")), newestMtime(join(root, "commands")));
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return { ran: false, ok: true };
  say("building (npm run build)…");
  const run = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8" });
  if (run.status === 0) return { ran: true, ok: true };
  return { ran: true, ok: false, error: `${run.stdout}${run.stderr}`.trim().split("\n").slice(-5).join(" ") };
}

async function phase<T>(
  name: string,
  enabled: boolean,
  work: () => Promise<T>,
): Promise<Phase<T> | undefined> {
  if (!enabled) return undefined;
  say(`— ${name}…`);
  const sampler = startLoadSampler();
  const started = performance.now();
  let value: T | undefined;
  let error: string | undefined;
  try {
    value = await work();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    say(`  failed: ${error}`);
  }
  const load: LoadReport = sampler.stop();
  const seconds = (performance.now() - started) / 1000;
  say(`  ${seconds.toFixed(0)} s; other processes used ${load.foreignCores.toFixed(2)} cores on average`);
  return {
    ...(value === undefined ? {} : { value }),
    ...(error === undefined ? {} : { error }),
    load,
    seconds,
  };
}

/** Writes RESULTS*.md (and prints the budgets) from a results JSON. */
function writeResults(results: BenchResults, profile: boolean): string {
  // A run of some phases only is written beside the full one (RESULTS.calls.md), never over it.
  const measured = PHASES.filter((p) => results[p] !== undefined);
  const partial = measured.length < PHASES.length ? `.${measured.join("-")}` : "";
  const suffix = profile ? ".profiled" : results.quick ? `.quick${partial}` : partial;
  const out = join(benchDir, `RESULTS${suffix}.md`);
  writeFileSync(
    out,
    `${renderResults(results, {
      ...(existsSync(join(benchDir, "FINDINGS.md")) ? { findings: "FINDINGS.md" } : {}),
      ...(profile ? { profile: "PROFILE.md" } : {}),
    })}\n`,
  );
  say("");
  for (const line of budgetLines(results)) say(`${line.verdict.padEnd(4)}  ${line.budget}: ${line.figure}`);
  return out;
}

async function main(): Promise<void> {
  const render = process.argv.find((a) => a.startsWith("--render="))?.slice("--render=".length);
  if (render) {
    // Re-render RESULTS.md from a finished run's results.json (after editing the report's layout).
    const out = writeResults(JSON.parse(readFileSync(render, "utf8")) as BenchResults, false);
    say(`\nwrote ${relative(process.cwd(), out)}`);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), "park-bot-bench-"));
  const profileDir = args.profile ? join(benchDir, ".profiles") : undefined;
  const env: BenchEnv = { quick: args.quick, workDir, ...(profileDir ? { profileDir } : {}) };
  const settings = args.quick
    ? {
        latencyRuns: 2,
        latencyFlows: 3,
        throughputRuns: 1,
        throughputSeconds: 0.3,
        memoryRuns: 1,
        memoryFlows: 300,
        startupRuns: 1,
        bulkRuns: 1,
      }
    : {
        latencyRuns: 5,
        latencyFlows: 200,
        throughputRuns: 5,
        throughputSeconds: 3,
        memoryRuns: 5,
        memoryFlows: 10_000,
        startupRuns: 5,
        bulkRuns: 3,
      };
  say(`Park Bot benchmark (${args.quick ? "quick" : "full"} mode); child logs in ${workDir}`);
  const build = args.only.has("startup") ? buildIfNeeded() : { ran: false, ok: true };
  if (!build.ok) say(`  build failed: ${build.error}`);

  const results: BenchResults = {
    quick: args.quick,
    machine: machineInfo(root),
    settings,
    build,
    totalSeconds: 0,
  };
  // Counting is not timing: the three org sizes run side by side.
  results.calls = await phase("calls per command (3 org sizes)", args.only.has("calls"), () =>
    Promise.all(SIZES.map((size) => measureCallsAtSize(env, size))),
  );
  results.latency = await phase("latency added (emulator latency 100 ms)", args.only.has("latency"), () =>
    measureLatency(env, settings.latencyRuns, settings.latencyFlows),
  );
  results.throughput = await phase(
    "throughput (Park Bot beside a bare framework echo bot)",
    args.only.has("throughput"),
    async () => (await measureThroughput(env, settings.throughputRuns, settings.throughputSeconds)).runs,
  );
  results.memory = await phase(`memory (${settings.memoryFlows} flows)`, args.only.has("memory"), () =>
    measureMemory(env, settings.memoryRuns, settings.memoryFlows),
  );
  results.startup = await phase("start-up", args.only.has("startup"), async () => {
    if (!build.ok) throw new Error(`npm run build failed: ${build.error}`);
    return measureStartup(env, settings.startupRuns, root);
  });
  results.bulk = await phase(
    `bulk delete (${BULK_ITEMS} extensions, latency ${BULK_LATENCY_MS} ms, a 429 every ${BULK_EVERY}th call)`,
    args.only.has("bulk"),
    () => measureBulk(env, settings.bulkRuns),
  );
  results.totalSeconds = (performance.now() - started) / 1000;

  const json = join(workDir, "results.json");
  writeFileSync(json, JSON.stringify(results, null, 1));
  if (profileDir) {
    const files = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
    const summaries = files.map((f) => formatSummary(summarizeProfile(join(profileDir, f)), f));
    writeFileSync(
      join(benchDir, "PROFILE.md"),
      `# CPU profiles (npm run bench -- --profile)\n\nV8 CPU profiles of the measured windows only (the profiler that \`node --cpu-prof\` uses, started and stopped over the inspector so module loading and start-up stay out). Raw files: bench/.profiles/.\n\n${summaries.join("\n")}`,
    );
  }
  const out = writeResults(results, args.profile);
  say(`raw figures: ${json}`);
  say(`\nwrote ${relative(process.cwd(), out)} in ${results.totalSeconds.toFixed(0)} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
