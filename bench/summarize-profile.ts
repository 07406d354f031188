import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and attributes self time to functions and to
 * modules: a package under node_modules, our src/ or commands/, bench/, Node's internals, or
 * V8 (GC, idle, program). Usage: `node --import tsx bench/summarize-profile.ts FILE.cpuprofile`.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Self time by module, ms, busiest first. */
  modules: [string, number][];
  /** Self time by function (`name (module:line)`), ms, busiest first. */
  functions: [string, number][];
  /** Inclusive time by module (a frame counts once per sample, at any depth), ms. */
  inclusiveModules: [string, number][];
}

export function moduleOf(url: string, functionName: string): string {
  if (url === "") {
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(garbage collector)") return "(gc)";
    if (functionName === "(program)") return "(program)";
    if (functionName === "(root)") return "(root)";
    return "(native)";
  }
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  for (const part of ["/src/", "/commands/", "/bench/"]) {
    const i = url.lastIndexOf(part);
    if (i >= 0) return url.slice(i + 1).replace(/^(src\/[^/]+|commands|bench)\/.*$/, "$1");
  }
  return url;
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const mod = moduleOf(url, functionName);
    total += ms;
    if (mod === "(idle)") {
      idle += ms;
      continue;
    }
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
    const fn = `${functionName || "(anonymous)"} (${mod}${url ? `:${lineNumber + 1}` : ""})`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const m = moduleOf(frame.url, frame.functionName);
      if (m === "(root)" || seen.has(m)) continue;
      seen.add(m);
      inclusive.set(m, (inclusive.get(m) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total,
    idleMs: idle,
    modules: sorted(modules),
    functions: sorted(functions),
    inclusiveModules: sorted(inclusive),
  };
}

export function formatSummary(summary: ProfileSummary, title: string): string {
  const busy = summary.totalMs - summary.idleMs;
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)}%`;
  const lines = [
    `### ${title}`,
    "",
    `Busy ${busy.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms sampled.`,
    "",
    "| module (self time) | ms | share of busy |",
    "|---|---:|---:|",
    ...summary.modules.slice(0, 15).map(([m, ms]) => `| ${m} | ${ms.toFixed(0)} | ${pct(ms)} |`),
    "",
    "| module (inclusive: on the stack) | ms | share of busy |",
    "|---|---:|---:|",
    ...summary.inclusiveModules.slice(0, 15).map(([m, ms]) => `| ${m} | ${ms.toFixed(0)} | ${pct(ms)} |`),
    "",
    "| function (self time) | ms | share of busy |",
    "|---|---:|---:|",
    ...summary.functions.slice(0, 20).map(([f, ms]) => `| \`${f}\` | ${ms.toFixed(0)} | ${pct(ms)} |`),
    "",
  ];
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of process.argv.slice(2))
    process.stdout.write(`${formatSummary(summarizeProfile(file), file)}\n`);
}
