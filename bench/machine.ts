import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  date: string;
  commit: string;
  /** Files changed in the working tree when the run started (other engineers' work in progress). */
  uncommitted: string[];
}

export function machineInfo(cwd: string): MachineInfo {
  const git = (args: string[]) => {
    try {
      // Read-only git queries: which commit the figures are for. trimEnd, not trim: a porcelain
      // status line starts with a space.
      return execFileSync("git", args, {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trimEnd();
    } catch {
      return "";
    }
  };
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]) || (process.env.BENCH_COMMIT ?? "unknown"),
    uncommitted: git(["status", "--porcelain"])
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3))
      .filter((f) => !f.startsWith("bench/")),
  };
}

/** CPU time of the whole machine and of this process's tree, in clock ticks. */
function sample(): { total: number; busy: number; ours: number } {
  const stat =
    readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = stat;
  const busy = user + nice + system + irq + softirq + steal;
  const total = busy + idle + iowait;
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      // utime + stime, and cutime + cstime: the CPU of children already reaped (a short-lived
      // `node dist/src/main.js` exits between two samples).
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      procs.set(Number(entry), { ppid: Number(fields[1]), ticks });
    } catch {
      // exited meanwhile
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  let ours = 0;
  for (const pid of mine) ours += procs.get(pid)?.ticks ?? 0;
  return { total, busy, ours };
}

/**
 * Waits (up to `maxWaitMs`) for a second in which processes outside this benchmark use less than
 * `threshold` cores: on a shared machine, a timed run should not start in the middle of someone
 * else's test suite. Returns the foreign load of the last second sampled.
 */
export async function waitForQuiet(maxWaitMs = 30_000, threshold = 0.3): Promise<number> {
  const cores = cpus().length;
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = sample();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = sample();
    const total = after.total - before.total;
    const foreign =
      total > 0 ? (Math.max(0, after.busy - before.busy - (after.ours - before.ours)) / total) * cores : 0;
    if (foreign < threshold || Date.now() > deadline) return foreign;
  }
}

export interface LoadReport {
  /** Average cores busy with processes that are not this benchmark's (other work on the machine). */
  foreignCores: number;
  /** Highest one-second value of the same. */
  foreignCoresMax: number;
  loadAverage: number;
}

/**
 * Samples, once a second, how much CPU processes outside this benchmark take (another test suite
 * on a shared machine skews every timing figure); `stop` reports the phase's average and peak.
 */
export function startLoadSampler(): { stop(): LoadReport } {
  const cores = cpus().length;
  let last = sample();
  const perSecond: number[] = [];
  const timer = setInterval(() => {
    try {
      const now = sample();
      const total = now.total - last.total;
      if (total > 0) {
        // /proc/stat counts ticks over all cores; per-process ticks are single-core ticks.
        const foreignTicks = Math.max(0, now.busy - last.busy - (now.ours - last.ours));
        perSecond.push((foreignTicks / total) * cores);
      }
      last = now;
    } catch {
      // /proc unavailable: no report
    }
  }, 1_000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      const avg = perSecond.length ? perSecond.reduce((a, b) => a + b, 0) / perSecond.length : Number.NaN;
      return {
        foreignCores: avg,
        foreignCoresMax: perSecond.length ? Math.max(...perSecond) : Number.NaN,
        loadAverage: loadavg()[0] ?? Number.NaN,
      };
    },
  };
}
