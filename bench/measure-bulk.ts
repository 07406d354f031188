import { DEFAULT_BULK } from "../src/config.js";
import type { RequestLogEntry } from "../src/emulator/request-log.js";
import { BULK_LOCATION, BULK_SPARES, bulkExtension } from "./build-bench-org.js";
import type { PressThrough, StepResult } from "./emulator-process.js";
import { endpointOf } from "./measure-calls.js";
import {
  type BenchEnv,
  type EmulatorChild,
  type ParkBotVariant,
  quiet,
  startEmulatorChild,
  startParkBotChild,
} from "./processes.js";
import { percentile } from "./stats.js";

/** Extensions one bulk command deletes (the figure). */
export const BULK_ITEMS = 100;
/** Every Webex answer is delayed this long (ms). */
export const BULK_LATENCY_MS = 100;
/** Every BULK_EVERY-th admin-token telephony call of the press → summary window gets a 429 … */
export const BULK_EVERY = 20;
/** … with this Retry-After (seconds). */
export const BULK_RETRY_AFTER_S = 1;
/** The budgets: time ≤ this × the ideal; Webex calls ≤ items + this share of them + the fixed calls. */
export const BULK_TIME_BUDGET = 1.3;
export const BULK_EXTRA_CALLS = 0.05;
/**
 * A call that reached the emulator this long after a 429 was answered counts as sent during the
 * Retry-After: up to then the bot may not yet have read the 429 (a worker whose fsync ended in
 * that moment sends before the answer is parsed).
 */
export const PAUSE_TOLERANCE_MS = 10;

const DELETE_PATH = /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/([^/]+)$/;

/** What a call of the press → summary window was, for the split and the critical path. */
export type CallKind =
  | "DELETE (deleted)"
  | "DELETE (other answer)"
  | "429"
  | "other telephony"
  | "messaging"
  | "other";

export interface BulkRun {
  items: number;
  concurrency: number;
  /** Press (webhook delivery started) → the summary's POST /messages answered, ms. */
  totalMs: number;
  ideal: {
    ms: number;
    /** Calls a perfect scheduler must make one after another before the first DELETE, and after the last. */
    before: number;
    after: number;
    /** ceil((deletes + 429s) / C): rounds of C calls, the refused ones included. */
    rounds: number;
    refused: number;
  };
  /** The bot's critical path, from the log: the calls in a row before the first DELETE and after the last. */
  pathBefore: string[];
  pathAfter: string[];
  /** Where the time went: press → first DELETE sent; first DELETE sent → last answered; → summary answered. */
  split: { beforeMs: number; deletesMs: number; afterMs: number };
  /** Between each 429's answer and the next admin call: the pause actually kept, ms. */
  pausesMs: number[];
  /** Median answer time of the DELETEs, ms (the ideal counts BULK_LATENCY_MS). */
  deleteMedianMs: number;
  /**
   * The deletes' window less the pauses, per round of C (the ideal's rounds), ms: a DELETE's answer
   * plus what the bot does before a worker's next DELETE (record the outcome, release the claim,
   * claim the next item, write and fsync its intent).
   */
  roundMs: number;
  calls: Record<CallKind, number> & { total: number; fixed: number; budget: number };
  /** Calls other than the DELETEs made twice (same method, path and query): none should be. */
  repeated: string[];
  /** Calls of the window by endpoint and answer, e.g. `GET /telephony/config/callParks 200`. */
  byEndpoint: Record<string, number>;
  /** Admin calls that reached Webex while a Retry-After ran (more than PAUSE_TOLERANCE_MS after the 429). */
  sentDuringPause: number;
  /** Extension ids with more than one successful DELETE. */
  deletedTwice: number;
  /** Distinct extensions with a successful DELETE. */
  deletedOnce: number;
  /** Of the range, how many are gone from the emulator; and how many spares are left. */
  goneAfter: number;
  sparesLeft: number;
  /** The summary's own counts. */
  summary: { items: number | undefined; deleted: number | undefined; firstLine: string };
  faults: Record<string, number>;
}

export interface BulkResult {
  runs: BulkRun[];
  /** The bot's replies of the last run (progress, summary), first lines. */
  replies: string[];
  rule: string;
}

function kindOf(r: RequestLogEntry): CallKind {
  if (r.status === 429) return "429";
  if (r.method === "DELETE" && DELETE_PATH.test(r.path))
    return r.status < 300 ? "DELETE (deleted)" : "DELETE (other answer)";
  if (r.path.startsWith("/telephony")) return "other telephony";
  if (r.auth === "bot") return "messaging";
  return "other";
}

const end = (r: RequestLogEntry) => r.at + r.durationMs;
const nameOf = (r: RequestLogEntry) => `${r.method} ${endpointOf(r.path).replace("/telephony/config", "…")}`;

/**
 * The calls in a row that end at `last` (excluded): walking back, each call's predecessor is the
 * one (of `pool`) that ended last before it started; the walk stops before a call `stop` names.
 */
function chainTo(
  last: RequestLogEntry,
  pool: readonly RequestLogEntry[],
  stop: (r: RequestLogEntry) => boolean,
): RequestLogEntry[] {
  const chain: RequestLogEntry[] = [];
  for (let cur = last; ; ) {
    const pred = pool.filter((r) => r !== cur && end(r) <= cur.at).sort((a, b) => end(b) - end(a))[0];
    if (!pred || stop(pred)) return chain;
    chain.unshift(pred);
    cur = pred;
  }
}

/**
 * The ideal: what a perfect scheduler with C workers takes for this flow, each call answered
 * after L ms. Before the deletes, the calls that must follow one another (the press's action read,
 * then the location's re-read: its call park groups, then their details — the extension listing
 * runs beside them); after them, the summary. The deletes go in rounds of C; a refused call takes
 * its slot in a round and is sent again in a later one, and for each 429 no call is sent for its
 * Retry-After:
 *
 *   ideal = (before + after) × L + ceil((D + K) / C) × L + K × RetryAfter
 *
 * The progress message's calls are not in it: no later call needs their answer, so a perfect
 * scheduler sends them beside the deletes.
 */
export function idealMs(args: {
  before: number;
  after: number;
  deletes: number;
  refused: number;
  concurrency: number;
  latencyMs: number;
  retryAfterS: number;
}): { ms: number; rounds: number } {
  const rounds = Math.ceil((args.deletes + args.refused) / args.concurrency);
  return {
    rounds,
    ms:
      (args.before + args.after) * args.latencyMs +
      rounds * args.latencyMs +
      args.refused * args.retryAfterS * 1000,
  };
}

/** Reads one run's request log: the split, the critical path, the ideal and the checks. */
export function analyzeBulkRun(args: {
  requests: readonly RequestLogEntry[];
  deliveryAt: number;
  idsInRange: ReadonlySet<string>;
  concurrency: number;
}): Omit<BulkRun, "goneAfter" | "sparesLeft" | "summary" | "faults" | "items"> {
  const { deliveryAt, concurrency } = args;
  const calls = args.requests.filter((r) => r.at >= deliveryAt).sort((a, b) => a.at - b.at);
  const isDeleteAttempt = (r: RequestLogEntry) => r.method === "DELETE" && DELETE_PATH.test(r.path);
  const deletes = calls.filter(isDeleteAttempt);
  const first = deletes[0];
  const botPosts = calls.filter((r) => r.method === "POST" && r.path === "/messages" && r.auth === "bot");
  const summaryPost = botPosts.at(-1);
  if (!first || !summaryPost) throw new Error("no DELETE or no summary in the window");
  const lastDeleteEnd = Math.max(...deletes.map(end));
  const finished = end(summaryPost);
  const inWindow = calls.filter((r) => r.at < finished);

  // The bot's critical path, from the log.
  const others = inWindow.filter((r) => !isDeleteAttempt(r));
  const before = chainTo(first, others, () => false);
  const after = [...chainTo(summaryPost, inWindow, isDeleteAttempt), summaryPost];
  // The progress message: the bot's first POST (when it posted two) and its edits.
  const progressPost = botPosts.length > 1 ? botPosts[0] : undefined;
  const isProgress = (r: RequestLogEntry) =>
    r === progressPost || (r.method === "PUT" && r.path.startsWith("/messages/"));

  const counts: Record<CallKind, number> = {
    "DELETE (deleted)": 0,
    "DELETE (other answer)": 0,
    "429": 0,
    "other telephony": 0,
    messaging: 0,
    other: 0,
  };
  const byEndpoint: Record<string, number> = {};
  for (const r of inWindow) {
    counts[kindOf(r)]++;
    const k = `${r.method} ${endpointOf(r.path)} ${r.status} (${r.auth})`;
    byEndpoint[k] = (byEndpoint[k] ?? 0) + 1;
  }
  const refused = counts["429"];
  const items = args.idsInRange.size;
  // Fixed: every call that is neither a DELETE of an item nor a refused call — what the flow costs
  // whatever its size (the press's reads, the location's re-read, progress, summary) — each counted
  // once: a read or a card retirement made twice is reported, not absorbed. Posts and edits of
  // messages differ by their bodies, which the log does not keep: each one counts.
  const seenKeys = new Map<string, number>();
  for (const r of inWindow) {
    if (isDeleteAttempt(r) || r.status === 429) continue;
    const k = `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()}`;
    seenKeys.set(k, (seenKeys.get(k) ?? 0) + 1);
  }
  const isMessageWrite = (k: string) => /^(POST|PUT) \/messages/.test(k);
  const repeated = [...seenKeys]
    .filter(([k, n]) => n > 1 && !isMessageWrite(k))
    .map(([k, n]) => `${endpointOf(k)} ×${n}`);
  const fixed = [...seenKeys].reduce((a, [k, n]) => a + (isMessageWrite(k) ? n : 1), 0);

  const okDeletes = new Map<string, number>();
  for (const r of deletes) {
    if (r.status >= 300) continue;
    const id = DELETE_PATH.exec(r.path)?.[1] ?? "";
    okDeletes.set(id, (okDeletes.get(id) ?? 0) + 1);
  }

  const ideal = idealMs({
    before: before.filter((r) => !isProgress(r)).length,
    after: after.filter((r) => !isProgress(r)).length,
    deletes: items,
    refused,
    concurrency,
    latencyMs: BULK_LATENCY_MS,
    retryAfterS: BULK_RETRY_AFTER_S,
  });

  const limited = inWindow.filter((r) => r.status === 429);
  const admin = inWindow.filter((r) => r.auth === "admin");
  const pausesMs = limited.map((l) => {
    const next = admin.find((r) => r.at >= end(l));
    return next ? next.at - end(l) : Number.NaN;
  });
  const sentDuringPause = admin.filter((r) =>
    limited.some((l) => r.at > end(l) + PAUSE_TOLERANCE_MS && r.at < end(l) + BULK_RETRY_AFTER_S * 1000),
  ).length;

  const deletesMs = lastDeleteEnd - first.at;
  const pausedMs = pausesMs.reduce((a, p) => a + (Number.isFinite(p) ? p : 0), 0);

  return {
    concurrency,
    totalMs: finished - deliveryAt,
    ideal: {
      ms: ideal.ms,
      before: before.filter((r) => !isProgress(r)).length,
      after: after.filter((r) => !isProgress(r)).length,
      rounds: ideal.rounds,
      refused,
    },
    pathBefore: before.map((r) => `${nameOf(r)}${isProgress(r) ? " (progress)" : ""}`),
    pathAfter: after.map(
      (r) => `${nameOf(r)}${r === summaryPost ? " (summary)" : isProgress(r) ? " (progress)" : ""}`,
    ),
    split: { beforeMs: first.at - deliveryAt, deletesMs, afterMs: finished - lastDeleteEnd },
    pausesMs,
    deleteMedianMs: percentile(
      deletes.filter((r) => r.status < 300).map((r) => r.durationMs),
      50,
    ),
    roundMs: (deletesMs - pausedMs) / ideal.rounds,
    calls: {
      ...counts,
      total: inWindow.length,
      fixed,
      budget: items + Math.ceil(items * BULK_EXTRA_CALLS) + fixed,
    },
    repeated,
    byEndpoint,
    sentDuringPause,
    deletedTwice: [...okDeletes.values()].filter((n) => n > 1).length,
    deletedOnce: [...okDeletes.keys()].filter((id) => args.idsInRange.has(id)).length,
  };
}

/** `Bulk delete at Warehouse, 100 call park extensions: 100 deleted.` → its figures. */
function summaryCounts(text: string): BulkRun["summary"] {
  const firstLine = text.split("\n")[0] ?? "";
  const items = /(\d+) call park extensions?:/.exec(firstLine)?.[1];
  const deleted = /(\d+) deleted/.exec(firstLine)?.[1];
  return {
    firstLine,
    items: items === undefined ? undefined : Number(items),
    deleted: deleted === undefined ? undefined : Number(deleted),
  };
}

async function bulkOnce(
  emulator: EmulatorChild,
  bot: Awaited<ReturnType<typeof startParkBotChild>>,
  faulty: boolean,
): Promise<{ run: BulkRun; replies: string[] }> {
  const room = emulator.init.groupRoomIds[0] ?? "";
  const range = `${bulkExtension(0)}-${bulkExtension(BULK_ITEMS - 1)}`;
  const numbers = new Set(Array.from({ length: BULK_ITEMS }, (_, i) => bulkExtension(i)));
  const present = await emulator.child.call<{ id: string; extension: string }[]>(
    "extensionsAt",
    BULK_LOCATION,
  );
  const idsInRange = new Set(present.filter((c) => numbers.has(c.extension)).map((c) => c.id));
  if (idsInRange.size !== BULK_ITEMS) throw new Error(`${idsInRange.size} of ${range} seeded`);

  const asked = await emulator.child.call<StepResult>("say", {
    roomId: room,
    text: `delete park ext ${range} at ${BULK_LOCATION}`,
    timeoutMs: 30_000,
  });
  const button = `Delete ${BULK_ITEMS}`;
  if (!asked.reply.buttons.includes(button))
    throw new Error(`no "${button}" card: ${asked.reply.text.slice(0, 160)}`);
  await bot.child.call("idle");
  await emulator.child.call("whenIdle");
  await emulator.child.call("clearRequests");
  if (faulty)
    await emulator.child.call("injectFault", {
      auth: "admin",
      path: "/telephony",
      every: BULK_EVERY,
      status: 429,
      retryAfter: BULK_RETRY_AFTER_S,
    });
  const pressed = await emulator.child.call<PressThrough>("pressThroughToCard", {
    threadId: asked.dataId,
    cardId: asked.reply.id,
    button,
  });
  await bot.child.call("idle");
  await emulator.child.call("whenIdle");
  const requests = await emulator.child.call<RequestLogEntry[]>("requests");
  const faults = await emulator.child.call<Record<string, number>>("faultStats");
  await emulator.child.call("clearFaults");
  const after = await emulator.child.call<{ id: string; extension: string }[]>("extensionsAt", BULK_LOCATION);
  const left = new Set(after.map((c) => c.extension));
  const summary = pressed.replies.at(-1);
  const analysis = analyzeBulkRun({
    requests,
    deliveryAt: pressed.deliveryAt,
    idsInRange,
    concurrency: DEFAULT_BULK.concurrency,
  });
  await emulator.child.call("forget", [`parent:${asked.dataId}`, `room:${room}`]);
  return {
    run: {
      ...analysis,
      items: BULK_ITEMS,
      goneAfter: [...numbers].filter((n) => !left.has(n)).length,
      sparesLeft: BULK_SPARES.filter((n) => left.has(n)).length,
      summary: summaryCounts(summary?.text ?? ""),
      faults,
    },
    replies: pressed.replies.map((r) => r.text.split("\n")[0] ?? ""),
  };
}

/**
 * The bulk phase: in a group space, `delete park ext 6000-6099 at Warehouse`, then Delete 100 on
 * its card, timed from the press to the summary; every Webex answer after BULK_LATENCY_MS and a
 * 429 (Retry-After BULK_RETRY_AFTER_S) on every BULK_EVERY-th admin-token telephony call made
 * after the press. One untimed run at full speed first (JIT, the space's framework bot object);
 * the seed is restored before each run. `variant`: a bot configured otherwise (no audit file, …),
 * for finding where the time beyond the ideal goes; the phase itself runs the production setup.
 */
export async function measureBulk(
  env: BenchEnv,
  runs: number,
  variant: ParkBotVariant = {},
): Promise<BulkResult> {
  const emulator = await startEmulatorChild(
    env,
    { locations: 1, extensions: 10, groupRooms: 1, poolSize: 1, bulkSize: BULK_ITEMS },
    "emulator-bulk",
  );
  const bot = await startParkBotChild(env, emulator.init, "park-bot-bulk", variant);
  try {
    await bulkOnce(emulator, bot, false);
    await emulator.child.call("setLatency", BULK_LATENCY_MS);
    const result: BulkResult = {
      runs: [],
      replies: [],
      rule: `429, Retry-After ${BULK_RETRY_AFTER_S} s, on every ${BULK_EVERY}th admin-token call under /telephony`,
    };
    for (let r = 0; r < runs; r++) {
      await emulator.child.call("reset");
      await quiet(env);
      const { run, replies } = await bulkOnce(emulator, bot, true);
      result.runs.push(run);
      result.replies = replies;
    }
    return result;
  } finally {
    await bot.child.stop();
    await emulator.child.stop();
  }
}
