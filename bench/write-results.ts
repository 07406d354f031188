import { BULK_SPARES } from "./build-bench-org.js";
import type { LoadReport, MachineInfo } from "./machine.js";
import {
  BULK_EVERY,
  BULK_EXTRA_CALLS,
  BULK_LATENCY_MS,
  BULK_RETRY_AFTER_S,
  BULK_TIME_BUDGET,
  type BulkResult,
  type BulkRun,
  PAUSE_TOLERANCE_MS,
} from "./measure-bulk.js";
import type { ScenarioResult, SizeResult } from "./measure-calls.js";
import {
  type LatencyResult,
  type LatencyRun,
  type StepSummary,
  WEBEX_LATENCY_MS,
} from "./measure-latency.js";
import type { MemoryRun } from "./measure-memory.js";
import type { StartupResult } from "./measure-startup.js";
import { CONCURRENCIES, type SubjectName, type ThroughputRun } from "./measure-throughput.js";
import { fmt, fmtSpread, type Spread, spread } from "./stats.js";

export interface Phase<T> {
  value?: T;
  error?: string;
  load?: LoadReport;
  seconds: number;
}

export interface BenchResults {
  quick: boolean;
  machine: MachineInfo;
  settings: {
    latencyRuns: number;
    latencyFlows: number;
    throughputRuns: number;
    throughputSeconds: number;
    memoryRuns: number;
    memoryFlows: number;
    startupRuns: number;
    /** Absent in results written before the bulk phase existed. */
    bulkRuns?: number;
  };
  build: { ran: boolean; ok: boolean; error?: string };
  calls?: Phase<SizeResult[]>;
  latency?: Phase<LatencyResult>;
  throughput?: Phase<ThroughputRun[]>;
  memory?: Phase<MemoryRun[]>;
  startup?: Phase<StartupResult>;
  bulk?: Phase<BulkResult>;
  totalSeconds: number;
}

export type Verdict = "PASS" | "FAIL" | "n/a";

export interface BudgetLine {
  budget: string;
  figure: string;
  verdict: Verdict;
}

const ok = (pass: boolean): Verdict => (pass ? "PASS" : "FAIL");
const mib = (bytes: number) => bytes / 2 ** 20;

/** Scenarios whose count is the budget's subject: the flows people use (not the vague or first-event ones). */
export function callBudget(sizes: readonly SizeResult[]): { lines: BudgetLine[]; notes: string[] } {
  const lines: BudgetLine[] = [];
  const names = sizes[0]?.scenarios.map((s) => s.name) ?? [];
  const notes: string[] = [];
  let sameEverywhere = true;
  let unnecessary = 0;
  for (const [i, name] of names.entries()) {
    const counts = sizes.map((s) => s.scenarios[i]?.calls.length ?? Number.NaN);
    const same = counts.every((c) => c === counts[0]);
    if (!same) {
      sameEverywhere = false;
      notes.push(`${name}: ${counts.join(" / ")} calls`);
    }
    for (const s of sizes) {
      const sc = s.scenarios[i];
      if (!sc) continue;
      unnecessary += sc.repeats.length + sc.extraPages;
    }
  }
  lines.push({
    budget: "Calls per command: the same count at every org size",
    figure: sameEverywhere ? "same everywhere" : `differs: ${notes.join("; ")}`,
    verdict: ok(sameEverywhere),
  });
  const repeats = new Set(sizes.flatMap((s) => s.scenarios.flatMap((sc) => sc.repeats)));
  lines.push({
    budget: "Calls per command: none that a cache or a better filter makes unnecessary",
    figure:
      unnecessary === 0
        ? "none found"
        : `${[...repeats].map((r) => `${r} repeated within a request + click`).join(", ")}${
            sizes.some((s) => s.scenarios.some((sc) => sc.extraPages > 0))
              ? "; extra list pages (substring filters)"
              : ""
          }`,
    verdict: ok(unnecessary === 0),
  });
  return { lines, notes };
}

/**
 * Added latency per call on the critical path, per run: a step with more calls in a row wakes
 * more often, so steps of different lengths compare per call. Run i of each subject ran in the
 * same minute (interleaved), so the ratio is taken per run, then the median over runs.
 */
function perSequentialCall(step: StepSummary, k: "p50" | "p99"): number {
  return step[k] / Math.max(1, step.sequential);
}

function latencyRatio(
  l: LatencyResult,
  step: (r: LatencyRun) => StepSummary,
  k: "p50" | "p99",
  baseline: (i: number) => StepSummary | undefined,
): { bot: Spread; base: Spread; ratio: Spread } {
  const bot = l.parkBot.map((r) => perSequentialCall(step(r), k));
  const base = l.parkBot.map((_, i) => {
    const b = baseline(i);
    return b ? perSequentialCall(b, k) : Number.NaN;
  });
  return {
    bot: spread(bot),
    base: spread(base),
    ratio: spread(bot.map((v, i) => v / (base[i] ?? Number.NaN))),
  };
}

/** Budget: per sequential Webex call, at most this many times what the baseline adds. */
const LATENCY_RATIO_BUDGETS = [
  { name: "the floor bot's", max: 1.0, of: (l: LatencyResult) => (i: number) => l.floor[i] },
  { name: "the bare framework echo's", max: 0.6, of: (l: LatencyResult) => (i: number) => l.echo[i] },
] as const;

function latencyLines(l: LatencyResult): BudgetLine[] {
  const card = (k: keyof StepSummary) => spread(l.parkBot.map((r) => r.card[k] as number));
  const result = (k: keyof StepSummary) => spread(l.parkBot.map((r) => r.result[k] as number));
  const lines: BudgetLine[] = [];
  for (const [label, step] of [
    ["webhook → card", (r: LatencyRun) => r.card],
    ["click → result", (r: LatencyRun) => r.result],
  ] as const) {
    for (const k of ["p50", "p99"] as const) {
      for (const b of LATENCY_RATIO_BUDGETS) {
        const { bot, base, ratio } = latencyRatio(l, step, k, b.of(l));
        lines.push({
          budget: `Latency added per sequential call, ${label}, ${k}: ≤ ${fmt(b.max, 1)}× ${b.name}`,
          figure: `${fmtSpread(bot, 2, " ms")} vs ${fmtSpread(base, 2, " ms")}: ×${fmtSpread(ratio, 2)}`,
          verdict: ok(ratio.median <= b.max),
        });
      }
    }
  }
  const cardSeq = card("sequential").median;
  const resultSeq = result("sequential").median;
  lines.push({
    budget: "Sequential calls only where one needs the other's answer",
    // Card: the message, the extension (which names its location), the location's call parks,
    // their details (in parallel), the card. Result: the action, then the extension read by id
    // (what the card showed must still be what the id names), then the DELETE, then the reply; the
    // card is retired alongside, not in the row.
    figure: `card: ${fmt(cardSeq, 0)} in a row (needed: 5), result: ${fmt(resultSeq, 0)} in a row (needed: 4)`,
    verdict: ok(cardSeq <= 5 && resultSeq <= 4),
  });
  return lines;
}

function throughputRatio(
  runs: readonly ThroughputRun[],
  c: number,
  baseline: SubjectName,
): { full: Spread; base: Spread; ratio: Spread } {
  const of = (subject: SubjectName) => runs.filter((r) => r.subject === subject && r.concurrency === c);
  const full = of("park-bot");
  const base = of(baseline);
  // Runs are interleaved, so run i of each subject ran in the same minute: ratio per run.
  const ratios = full.map((f, i) => f.perSecond / (base[i]?.perSecond ?? Number.NaN));
  return {
    full: spread(full.map((r) => r.perSecond)),
    base: spread(base.map((r) => r.perSecond)),
    ratio: spread(ratios),
  };
}

/** Per run, how far `to` is above `from`, in percent. */
function growth(
  runs: readonly MemoryRun[],
  to: (r: MemoryRun) => number,
  from: (r: MemoryRun) => number,
): Spread {
  return spread(runs.map((r) => (to(r) / from(r) - 1) * 100));
}

function signedPercent(s: Spread): string {
  return `${s.median >= 0 ? "+" : ""}${fmtSpread(s, 1, " %")}`;
}

const bulkRatio = (r: BulkRun) => r.totalMs / r.ideal.ms;

/** A bulk run's items all deleted once, the rest left, and the summary saying so. */
function deletedOnceEach(r: BulkRun): boolean {
  return (
    r.deletedTwice === 0 &&
    r.deletedOnce === r.items &&
    r.goneAfter === r.items &&
    r.sparesLeft === BULK_SPARES.length &&
    r.summary.items === r.items &&
    r.summary.deleted === r.items
  );
}

function bulkLines(b: BulkResult): BudgetLine[] {
  const { runs } = b;
  const first = runs[0];
  if (!first) return [];
  const ratio = spread(runs.map(bulkRatio));
  const med = (f: (r: BulkRun) => number) => spread(runs.map(f)).median;
  const worstCalls =
    [...runs].sort((x, y) => y.calls.total - y.calls.budget - (x.calls.total - x.calls.budget))[0] ?? first;
  const repeats = [...new Set(runs.flatMap((r) => r.repeated))];
  return [
    {
      budget: `Bulk delete of ${first.items} (latency ${BULK_LATENCY_MS} ms, a 429 every ${BULK_EVERY}th admin telephony call, Retry-After ${BULK_RETRY_AFTER_S} s): press → summary ≤ ${fmt(BULK_TIME_BUDGET, 1)}× the ideal, every run`,
      figure: `${fmtSpread(spread(runs.map((r) => r.totalMs / 1000)), 2, " s")} vs ideal ${fmt(med((r) => r.ideal.ms) / 1000, 2)} s: ×${fmtSpread(ratio, 3)}`,
      verdict: ok(ratio.max <= BULK_TIME_BUDGET),
    },
    {
      budget: `Bulk delete: Webex calls ≤ items + ${fmt(BULK_EXTRA_CALLS * 100, 0)} % + the flow's fixed calls, every run`,
      figure: `${worstCalls.calls.total} (${worstCalls.calls["DELETE (deleted)"]} DELETEs + ${worstCalls.calls["429"]} refused + ${worstCalls.calls.total - worstCalls.calls["DELETE (deleted)"] - worstCalls.calls["429"]} other) ≤ ${worstCalls.items} + ${Math.ceil(worstCalls.items * BULK_EXTRA_CALLS)} + ${worstCalls.calls.fixed} fixed = ${worstCalls.calls.budget}; ${repeats.length === 0 ? "no call repeated" : `repeated: ${repeats.join(", ")}`}`,
      verdict: ok(runs.every((r) => r.calls.total <= r.calls.budget)),
    },
    {
      budget:
        "Bulk delete: no extension deleted twice; every one of the range gone, the spares kept, as the summary counts",
      figure: runs
        .map(
          (r) =>
            `${r.deletedOnce} deleted once, ${r.deletedTwice} twice, ${r.goneAfter} gone, ${r.sparesLeft}/${BULK_SPARES.length} spares left; summary: ${r.summary.deleted ?? "?"} of ${r.summary.items ?? "?"} deleted`,
        )
        .filter((v, i, all) => all.indexOf(v) === i)
        .join(" | "),
      verdict: ok(runs.every(deletedOnceEach)),
    },
    {
      budget: "Bulk delete: no admin call sent while a 429's Retry-After runs (the pause holds every worker)",
      figure: `${runs.reduce((a, r) => a + r.sentDuringPause, 0)} in ${runs.length} run${runs.length > 1 ? "s" : ""} (tolerance ${PAUSE_TOLERANCE_MS} ms after each 429)`,
      verdict: ok(runs.every((r) => r.sentDuringPause === 0)),
    },
  ];
}

export function budgetLines(results: BenchResults): BudgetLine[] {
  const lines: BudgetLine[] = [];
  if (results.calls?.value) lines.push(...callBudget(results.calls.value).lines);
  if (results.latency?.value) lines.push(...latencyLines(results.latency.value));
  if (results.throughput?.value) {
    for (const c of CONCURRENCIES) {
      const tuned = throughputRatio(results.throughput.value, c, "echo (batcher 1 ms)");
      const bare = throughputRatio(results.throughput.value, c, "echo (SDK defaults)");
      lines.push({
        budget: `Throughput at concurrency ${c}: ≥ ½ of the bare echo's rate`,
        figure: `${fmt(tuned.full.median)} vs ${fmt(tuned.base.median)} flows/s: ×${fmt(tuned.ratio.median, 2)} (vs SDK-default echo ×${fmt(bare.ratio.median, 2)})`,
        verdict: ok(tuned.ratio.median >= 0.5 && bare.ratio.median >= 0.5),
      });
    }
  }
  if (results.memory?.value) {
    const runs = results.memory.value;
    const rss = growth(
      runs,
      (r) => r.rssAfterGc,
      (r) => r.rssStart,
    );
    lines.push({
      budget: `Memory: RSS after ${fmt(runs[0]?.flows ?? 0, 0)} flows and GC ≤ 120 % of RSS after start`,
      figure: signedPercent(rss),
      verdict: ok(rss.max <= 20),
    });
    // RSS hides a slow leak behind the allocator's slack; the live heap once every TTL has lapsed
    // does not: what is left then is held by nothing the bot meant to keep.
    const left = growth(
      runs,
      (r) => r.heapExpiredGc,
      (r) => r.heapWarmGc,
    );
    lines.push({
      budget: "Memory: no leak: heap after every TTL lapsed and GC ≤ 110 % of heap after warm-up and GC",
      figure: signedPercent(left),
      verdict: ok(left.max <= 10),
    });
  }
  if (results.bulk?.value) lines.push(...bulkLines(results.bulk.value));
  return lines;
}

function scenarioCell(s: ScenarioResult | undefined): string {
  if (!s) return "–";
  const extra = [
    s.repeats.length ? `${s.repeats.length} repeat` : "",
    s.extraPages ? `${s.extraPages} extra page${s.extraPages > 1 ? "s" : ""}` : "",
  ].filter(Boolean);
  return `${s.calls.length}${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

function endpointTable(scenario: ScenarioResult): string[] {
  const rows = new Map<string, { n: number; auth: string; owner: string }>();
  for (const c of scenario.calls) {
    const k = `${c.method} ${c.endpoint}`;
    const row = rows.get(k) ?? { n: 0, auth: c.auth, owner: c.owner };
    row.n++;
    rows.set(k, row);
  }
  return [...rows.entries()].map(([k, r]) => `| ${k} | ${r.auth} | ${r.owner} | ${r.n} |`);
}

function section<T>(title: string, phase: Phase<T> | undefined, body: (value: T) => string[]): string[] {
  if (!phase) return [];
  const head = [`## ${title}`, ""];
  const load = phase.load
    ? `_Phase took ${fmt(phase.seconds, 0)} s; other processes on the machine used ${fmt(phase.load.foreignCores, 2)} cores on average (peak ${fmt(phase.load.foreignCoresMax, 2)}) of ${"{cores}"}._`
    : "";
  if (phase.error || !phase.value) return [...head, `**Not measured:** ${phase.error ?? "no result"}`, ""];
  return [...head, ...body(phase.value), "", load, ""];
}

export function renderResults(
  results: BenchResults,
  links: { findings?: string; profile?: string } = {},
): string {
  const m = results.machine;
  const s = results.settings;
  const out: string[] = [
    "# Park Bot benchmark results",
    "",
    `Generated by \`npm run bench${results.quick ? " -- --quick" : ""}\` (bench/run-bench.ts) on ${m.date.slice(0, 16).replace("T", " ")} UTC in ${fmt(results.totalSeconds, 0)} s.${
      results.quick ? " **Quick mode: scaled down, fewer runs — not the committed figures.**" : ""
    }`,
    links.findings
      ? `Analysis of the failing budgets, profiles and proposed fixes: [${links.findings}](${links.findings}).`
      : "",
    "",
    "| machine | |",
    "|---|---|",
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| RAM | ${fmt(m.ramGiB, 1)} GiB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| commit | ${m.commit}${m.uncommitted.length ? ` + uncommitted changes by others in ${m.uncommitted.join(", ")}` : ""} |`,
    "",
    "Every figure is `median (min–max)` over runs. Process layout: the emulator (with the load generator that",
    "plays the people) in one process, the bot under test in another, the driver in a third; all on loopback.",
    "",
    "## Budgets",
    "",
    "| budget | figure | verdict |",
    "|---|---|---|",
    ...budgetLines(results).map((b) => `| ${b.budget} | ${b.figure} | **${b.verdict}** |`),
    "",
  ];

  out.push(
    ...section("1. Webex calls per command", results.calls, (sizes) => {
      const names = sizes[0]?.scenarios.map((sc) => sc.name) ?? [];
      const largest = sizes.at(-1);
      const confirmIndex = names.indexOf("Confirm → result");
      const cardIndex = confirmIndex - 1;
      return [
        "Seeded org: locations `Store 1` … `Store N`, 10 call park extensions each (2001–2010 at every store, as",
        "per-site dial plans number them) and one call park group each (`Store Group`, holding 2001); `Bench Pool`",
        "with 25 extensions and a group; one requester (Alice, allowlisted) in a group space with the bot.",
        "Each step is one webhook; counted are all calls the emulator answered until the bot was idle again.",
        `Seeding the emulator took ${sizes.map((z) => `${fmt(z.seedMs, 0)} ms (${z.label})`).join(", ")}.`,
        "",
        `| command (step) | ${sizes.map((z) => z.label).join(" | ")} | answer |`,
        `|---|${sizes.map(() => "---:").join("|")}|---|`,
        ...names.map(
          (n, i) =>
            `| ${n} | ${sizes.map((z) => scenarioCell(z.scenarios[i])).join(" | ")} | ${(largest?.scenarios[i]?.answer ?? "").slice(0, 70).replace(/\|/g, "/")} |`,
        ),
        "",
        "_repeat_: a GET already made for the same request (message + click); a per-person cache answers it.",
        "_extra page_: further pages of the same list in one step, because Webex's filters match substrings.",
        "A page press (Next) reads its page afresh, since the list may have changed since the card: not counted",
        "as a repeat. The delete card and show add the location's call parks and one read per group (capped at",
        "10), after the extension's read names its location. The first restricted command of a person costs one",
        "`GET /people/{id}` with the admin token (the admin-role rule; here the list at Store N); later ones within",
        "ROLE_CACHE_SECONDS cost none.",
        "",
        `Calls of the delete, list and show flows at ${largest?.label ?? ""}, by endpoint and token ("framework": calls`,
        "webex-node-bot-framework makes for every event — its message/action and person reads, which Park Bot routes",
        "through its own client, and the spawn reads of its SDK on the first event in a space):",
        "",
        "| step | endpoint | token | made for | calls |",
        "|---|---|---|---|---:|",
        ...[
          cardIndex,
          confirmIndex,
          names.indexOf("Cancel → result"),
          0,
          names.findIndex((n) => n.startsWith("first event in a 1:1")),
          ...names.flatMap((n, i) => (/^(`list |`show |row Delete|Next )/.test(n) ? [i] : [])),
        ]
          .filter((i) => i >= 0)
          .flatMap((i) => {
            const sc = largest?.scenarios[i];
            return sc ? endpointTable(sc).map((row) => `| ${sc.name} ${row}`) : [];
          }),
      ];
    }),
  );

  out.push(
    ...section("2. Latency the bot adds", results.latency, (l) => {
      const row = (label: string, steps: StepSummary[]) =>
        `| ${label} | ${fmtSpread(spread(steps.map((x) => x.p50)))} | ${fmtSpread(spread(steps.map((x) => x.p99)))} | ${fmtSpread(
          spread(steps.map((x) => x.unionP50)),
        )} | ${fmtSpread(spread(steps.map((x) => x.endToEndP50)), 0)} | ${fmt(spread(steps.map((x) => x.sequential)).median, 0)} |`;
      return [
        `Every emulator answer delayed by ${WEBEX_LATENCY_MS} ms; ${s.latencyRuns} runs × ${s.latencyFlows} sequential flows in a group space.`,
        "Added = end to end (webhook delivery started → the bot's POST /messages answered) minus the calls on the",
        "critical path (each call's predecessor: the call that ended last before it started). The union column",
        "subtracts every moment any call was open instead, which hides work done beside a parallel call.",
        "Beside it, on their own emulators, interleaved flow by flow: the **floor bot** (bench/floor-bot.ts: bare",
        "node:http + undici, four sequential calls, no framework, no checks, no logging) — what any bot",
        "adds on this machine (loopback HTTP and waking two idle processes per call) — and the **bare framework echo**",
        "(people batcher 1 ms, 3 calls); one baseline message after every fourth Park Bot flow. The budgets divide",
        "each step's added time by its calls in a row, since every call on the critical path costs a wake-up.",
        "",
        "| step | added p50, ms | added p99, ms | added p50 (union), ms | end to end p50, ms | calls in a row |",
        "|---|---:|---:|---:|---:|---:|",
        row(
          "Park Bot: webhook → card",
          l.parkBot.map((r) => r.card),
        ),
        row(
          "Park Bot: click → result",
          l.parkBot.map((r) => r.result),
        ),
        row("floor bot: webhook → reply (4 calls)", l.floor),
        row("bare framework echo: webhook → reply (3 calls)", l.echo),
        "",
        "Order of the calls (`>`: after the previous answer, `+`: in parallel):",
        "",
        `- card: \`${l.parkBot[0]?.card.shape ?? ""}\``,
        `- result: \`${l.parkBot[0]?.result.shape ?? ""}\``,
        `- echo: \`${l.echo[0]?.shape ?? ""}\``,
      ];
    }),
  );

  out.push(
    ...section("3. Throughput", results.throughput, (runs) => {
      const subjects: SubjectName[] = ["park-bot", "echo (SDK defaults)", "echo (batcher 1 ms)"];
      const of = (subject: SubjectName, c: number) =>
        runs.filter((r) => r.subject === subject && r.concurrency === c);
      return [
        `Full delete flows (request, card, Confirm, delete, result) per second, emulator latency 0, ${s.throughputRuns} runs of ~${fmt(
          s.throughputSeconds,
          1,
        )} s per concurrency, one flow at a time per group space. Baseline: a bare webex-node-bot-framework bot`,
        '(bench/echo-bot.ts: `framework.start()` with a webhookUrl, its own webhook handler, `bot.say("echo")` per',
        "message), once with the SDK's defaults (people batcher waits 100 ms) and once with the batcher at 1 ms as",
        "Park Bot sets it. Each bot has its own emulator (the framework's webhook management deletes webhooks it",
        "finds); all run at once and their runs are interleaved.",
        "",
        "| concurrency | Park Bot, flows/s | echo (SDK defaults), msgs/s | echo (batcher 1 ms), msgs/s | ratio vs SDK-default echo | ratio vs batcher-1-ms echo |",
        "|---:|---:|---:|---:|---:|---:|",
        ...CONCURRENCIES.map((c) => {
          const bare = throughputRatio(runs, c, "echo (SDK defaults)");
          const tuned = throughputRatio(runs, c, "echo (batcher 1 ms)");
          return `| ${c} | ${fmtSpread(tuned.full)} | ${fmtSpread(bare.base)} | ${fmtSpread(tuned.base)} | ${fmtSpread(bare.ratio, 2)} | ${fmtSpread(tuned.ratio, 2)} |`;
        }),
        "",
        "CPU per flow (ms), HTTP exchanges per flow (Webex calls the emulator answered, webhooks it delivered) and",
        "cores busy, medians (the emulator's figure includes the load generator). For the echo a flow is one message.",
        "",
        "| concurrency | subject | bot CPU ms/flow | calls/flow | webhooks/flow | bot CPU µs per exchange | emulator CPU ms/flow | bot cores | emulator cores | failed flows |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...CONCURRENCIES.flatMap((c) =>
          subjects.map((subject) => {
            const r = of(subject, c);
            const med = (f: (x: ThroughputRun) => number) => fmt(spread(r.map(f)).median, 2);
            const perExchange = (x: ThroughputRun) =>
              (x.botCpuMsPerFlow * 1000) / (x.callsPerFlow + x.webhooksPerFlow);
            return `| ${c} | ${subject} | ${med((x) => x.botCpuMsPerFlow)} | ${med((x) => x.callsPerFlow)} | ${med((x) => x.webhooksPerFlow)} | ${fmt(spread(r.map(perExchange)).median, 0)} | ${med((x) => x.emulatorCpuMsPerFlow)} | ${med((x) => x.botCores)} | ${med((x) => x.emulatorCores)} | ${r.reduce((a, x) => a + x.failed, 0)} |`;
          }),
        ),
      ];
    }),
  );

  out.push(
    ...section("4. Memory", results.memory, (runs) => {
      const row = (label: string, f: (r: MemoryRun) => number) =>
        `| ${label} | ${fmtSpread(spread(runs.map((r) => mib(f(r)))))} |`;
      return [
        `Park Bot process (\`--expose-gc\`), fresh per run; ${fmt(runs[0]?.flows ?? 0, 0)} full flows per run at concurrency 20 in batches of`,
        `2 000 (the emulator's seed restored between batches), ${runs.length} run${runs.length > 1 ? "s" : ""}. Claims and seen events`,
        "stay in memory for their TTL (card expiry + 60 s, 10 min), so they are all still held at the end; the last",
        "rows move the bot's clock past every TTL (the bench injects the clock) to show what is left then.",
        "",
        "| moment | MiB |",
        "|---|---:|",
        row("RSS after start", (r) => r.rssStart),
        row("RSS after one flow per space + GC", (r) => r.rssWarmGc),
        row("RSS after the flows", (r) => r.rssAfter),
        row("RSS after the flows + GC", (r) => r.rssAfterGc),
        row("heap used after start", (r) => r.heapStart),
        row("heap used after one flow per space + GC", (r) => r.heapWarmGc),
        row("heap used after the flows + GC", (r) => r.heapAfterGc),
        row("RSS after every TTL lapsed (bot clock +11 min), 20 flows, GC", (r) => r.rssExpiredGc),
        row("heap used after every TTL lapsed, 20 flows, GC", (r) => r.heapExpiredGc),
        "",
        `Failed flows: ${runs.reduce((a, r) => a + r.failed, 0)}.`,
      ];
    }),
  );

  out.push(
    ...section("5. Start-up", results.startup, (st) => [
      "From spawning `node dist/src/main.js` to its `ready` log line (server listening, framework started,",
      "webhooks registered). Real mode: against an emulator in another process, the bot's webhooks already",
      "registered by an untimed first start. Baselines: node alone (`node -e 0`, to exit), and node loading",
      "webex-node-bot-framework and its Webex SDK (`require`, to exit).",
      "",
      "| | ms |",
      "|---|---:|",
      `| demo mode (no token, embedded emulator) | ${fmtSpread(spread(st.demo), 0)} |`,
      `| real mode against the emulator | ${fmtSpread(spread(st.real), 0)} |`,
      `| baseline: node alone | ${fmtSpread(spread(st.nodeAlone), 0)} |`,
      `| baseline: node + require("webex-node-bot-framework") | ${fmtSpread(spread(st.frameworkImport), 0)} |`,
    ]),
  );
  out.push(
    ...section("6. Bulk delete", results.bulk, (b) => {
      const runs = b.runs;
      const last = runs.at(-1);
      const first = runs[0];
      if (!first || !last) return ["No runs."];
      const c = first.concurrency;
      const row = (r: BulkRun, i: number) =>
        `| ${i + 1} | ${fmt(r.totalMs, 0)} | ${fmt(r.ideal.ms, 0)} | ×${fmt(bulkRatio(r), 3)} | ${fmt(r.split.beforeMs, 0)} / ${fmt(r.ideal.before * BULK_LATENCY_MS, 0)} | ${fmt(r.split.deletesMs, 0)} / ${fmt(r.ideal.rounds * BULK_LATENCY_MS + r.ideal.refused * BULK_RETRY_AFTER_S * 1000, 0)} | ${fmt(r.split.afterMs, 0)} / ${fmt(r.ideal.after * BULK_LATENCY_MS, 0)} | ${r.pausesMs.map((p) => fmt(p, 0)).join(", ")} | ${fmt(r.deleteMedianMs, 1)} | ${fmt(r.roundMs, 1)} (+${fmt(r.roundMs - r.deleteMedianMs, 1)}) |`;
      const callRow = (r: BulkRun, i: number) =>
        `| ${i + 1} | ${r.calls["DELETE (deleted)"]} | ${r.calls["DELETE (other answer)"]} | ${r.calls["429"]} | ${r.calls["other telephony"]} | ${r.calls.messaging} | ${r.calls.other} | ${r.calls.total} | ${r.calls.fixed} | ${r.calls.budget} |`;
      return [
        `In a group space, \`delete park ext 6000-6099 at Warehouse\` (${first.items} call park extensions; the location also has`,
        `${BULK_SPARES.length} outside the range and a call park group holding ten of them and one spare), then **Delete ${first.items}** on its card;`,
        "timed from the press (the emulator starts the webhook delivery) to the summary card's POST /messages answered.",
        `Every Webex answer after ${BULK_LATENCY_MS} ms; a 429 with Retry-After ${BULK_RETRY_AFTER_S} s and a Webex error body on every`,
        `${BULK_EVERY}th admin-token call under /telephony after the press (the emulator's \`faults.inject({ every: ${BULK_EVERY} })\`), retries`,
        "included: Webex rate-limits per token, and the reads before the deletes use the same token, so they count.",
        `BULK_CONCURRENCY ${c} (the default); ${runs.length} run${runs.length > 1 ? "s" : ""}, the seed restored before each, after one untimed run at full speed.`,
        "",
        "**The ideal** is what a perfect scheduler with C workers takes, each call answered after L ms:",
        "",
        "    ideal = (B + A) × L + ceil((D + K) / C) × L + K × RetryAfter",
        "",
        "B: calls that must follow one another before the first DELETE (the press's action read, then the",
        "location's call park groups, then their details; the extension listing runs beside them), A: after the",
        "last (the summary), both counted from the request log's critical path less the progress message's calls",
        "(no later call needs their answer); D deletes; K 429s, each refused call taking its slot in a round and",
        "sent again in a later one, and for each 429 nothing sent for its Retry-After. The calls budget's fixed",
        "calls are every call of the window other than the DELETEs and the refused calls, counted from the log.",
        `This run: B = ${first.ideal.before}, A = ${first.ideal.after}, D = ${first.items}, K = ${first.ideal.refused}, C = ${c}:`,
        `(${first.ideal.before} + ${first.ideal.after}) × ${BULK_LATENCY_MS} + ceil(${first.items + first.ideal.refused} / ${c}) × ${BULK_LATENCY_MS} + ${first.ideal.refused} × ${BULK_RETRY_AFTER_S * 1000} = ${fmt(first.ideal.ms, 0)} ms.`,
        "",
        "| run | total, ms | ideal, ms | ratio | press → 1st DELETE, ms (ideal) | deletes, ms (ideal) | last DELETE → summary, ms (ideal) | pauses kept after each 429, ms | DELETE answer p50, ms | per round, ms (beyond the answer) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
        ...runs.map(row),
        "",
        "_per round_: the deletes' window less the pauses, over the ideal's ceil((D + K) / C) rounds (the ideal",
        `counts ${BULK_LATENCY_MS} ms each). Beyond the DELETE's answer: the loopback trip and what a worker does before its`,
        "next DELETE (record the outcome and fsync it, release the claim, claim the next item, write and fsync its",
        "intent).",
        "",
        "Webex calls of the window:",
        "",
        "| run | DELETE 204 | DELETE, other answer | 429 | other telephony | messaging (bot token) | other | total | fixed | budget |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...runs.map(callRow),
        "",
        `By endpoint, answer and token (run ${runs.length}):`,
        "",
        "| call | n |",
        "|---|---:|",
        ...Object.entries(last.byEndpoint).map(([k, n]) => `| ${k} | ${n} |`),
        "",
        `The bot's critical path (run ${runs.length}), before the first DELETE: \`${last.pathBefore.join(" > ")}\`; after the last: \`${last.pathAfter.join(" > ")}\`.`,
        `The bot's replies after the press: ${b.replies.map((r) => `“${r.replace(/\|/g, "/")}”`).join(", then ")}.`,
      ];
    }),
  );
  if (links.profile)
    out.push(`CPU profiles of the measured windows: [${links.profile}](${links.profile}).`, "");
  return out
    .filter((line, i, all) => !(line === "" && all[i - 1] === ""))
    .join("\n")
    .replaceAll("{cores}", String(m.cores));
}
