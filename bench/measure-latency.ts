import type { RequestLogEntry } from "../src/emulator/request-log.js";
import { POOL_LOCATION, poolExtension } from "./build-bench-org.js";
import type { StepResult } from "./emulator-process.js";
import type { Child } from "./ipc.js";
import { endpointOf } from "./measure-calls.js";
import {
  type BenchEnv,
  type EmulatorChild,
  profiled,
  quiet,
  sleep,
  startEchoBotChild,
  startEmulatorChild,
  startFloorBotChild,
  startParkBotChild,
  warmRooms,
} from "./processes.js";
import { percentile, unionLength } from "./stats.js";

/** The floor and echo bots get a message after every BASELINE_EVERY-th Park Bot flow. */
const BASELINE_EVERY = 4;

/** Fixed emulator latency per call, ms (the figure). */
export const WEBEX_LATENCY_MS = 100;

/** One step of one flow: webhook delivery to the bot's post, split into Webex's time and the bot's. */
export interface StepTiming {
  endToEndMs: number;
  /** Time during which at least one of the step's Webex calls was open. */
  inWebexMs: number;
  /** End to end minus `inWebexMs`. Work done while a parallel call is open is hidden here. */
  addedUnionMs: number;
  /**
   * End to end minus the calls on the critical path (walking back from the final POST, each
   * call's predecessor is the one that ended last before it started). Work done between a call's
   * answer and the next call on the path counts even when another call is open meanwhile: the
   * budget figure.
   */
  addedMs: number;
  calls: number;
  /** Calls on the critical path (one after another). */
  sequential: number;
  /** Call order as seen by the emulator: `GET /messages/{id} > GET /people/{id} > …` (`+` = overlapping). */
  shape: string;
}

/**
 * Splits one step: from the delivery of its webhook to the end of the bot's POST /messages (the
 * card or the result). Flows run one at a time, so every call in the window is the step's.
 */
export function timeStep(deliveryAt: number, requests: readonly RequestLogEntry[]): StepTiming {
  const start = deliveryAt;
  const mine = requests.filter((r) => r.at >= start).sort((a, b) => a.at - b.at);
  const post = mine.find((r) => r.method === "POST" && r.path === "/messages" && r.auth === "bot");
  if (!post) throw new Error("no POST /messages after the delivery");
  const end = post.at + post.durationMs;
  const before = mine.filter((r) => r.at < end);
  const inWebexMs = unionLength(
    before.map((r) => [r.at, r.at + r.durationMs] as const),
    start,
    end,
  );
  let onPath = post.durationMs;
  let sequential = 1;
  for (let cur = post; ; ) {
    const ended = before.filter((r) => r !== cur && r.at + r.durationMs <= cur.at);
    const pred = ended.sort((a, b) => b.at + b.durationMs - (a.at + a.durationMs))[0];
    if (!pred) break;
    onPath += pred.durationMs;
    sequential++;
    cur = pred;
  }
  return {
    endToEndMs: end - start,
    inWebexMs,
    addedUnionMs: end - start - inWebexMs,
    addedMs: end - start - onPath,
    calls: before.length,
    sequential,
    shape: shapeOf(before),
  };
}

/** `A > B + C > D`: `>` when a call started after the previous one ended, `+` when they overlapped. */
function shapeOf(calls: readonly RequestLogEntry[]): string {
  let shape = "";
  let openUntil = Number.NEGATIVE_INFINITY;
  for (const c of calls) {
    const name = `${c.method} ${endpointOf(c.path).replace("/telephony/config", "…")}`;
    shape += shape === "" ? name : c.at >= openUntil ? ` > ${name}` : ` + ${name}`;
    openUntil = Math.max(openUntil, c.at + c.durationMs);
  }
  return shape;
}

async function settled(emulator: EmulatorChild, deliveryAt: number): Promise<RequestLogEntry[]> {
  // The log entry of the final POST is written when its response finishes, just after the bot's
  // message was stored: wait for it.
  for (let i = 0; ; i++) {
    await emulator.child.call("whenIdle");
    const requests = await emulator.child.call<RequestLogEntry[]>("requestsSince", deliveryAt);
    if (requests.some((r) => r.method === "POST" && r.path === "/messages" && r.auth === "bot") || i > 100)
      return requests;
    await sleep(2);
  }
}

async function parkBotFlow(
  emulator: EmulatorChild,
  bot: Child,
  roomId: string,
  extension: string,
): Promise<{ card: StepTiming; result: StepTiming }> {
  const asked = await emulator.child.call<StepResult>("say", {
    roomId,
    text: `delete park ext ${extension} at ${POOL_LOCATION}`,
  });
  if (!asked.reply.hasCard) throw new Error(`no card: ${asked.reply.text}`);
  await bot.call("idle");
  const card = timeStep(asked.deliveryAt, await settled(emulator, asked.deliveryAt));
  const confirmed = await emulator.child.call<StepResult>("press", {
    threadId: asked.dataId,
    cardId: asked.reply.id,
    button: 0,
  });
  if (!confirmed.reply.text.startsWith("Deleted")) throw new Error(`no deletion: ${confirmed.reply.text}`);
  await bot.call("idle");
  const result = timeStep(confirmed.deliveryAt, await settled(emulator, confirmed.deliveryAt));
  await emulator.child.call("forget", [`parent:${asked.dataId}`, `room:${roomId}`]);
  return { card, result };
}

/** One message and the bot's one reply (floor: in the thread; echo: in the room). */
async function replyFlow(
  emulator: EmulatorChild,
  roomId: string,
  waitFor: "thread" | "room",
): Promise<StepTiming> {
  const asked = await emulator.child.call<StepResult>("say", { roomId, text: "hello", waitFor });
  const timing = timeStep(asked.deliveryAt, await settled(emulator, asked.deliveryAt));
  await emulator.child.call("forget", [`parent:${asked.dataId}`, `room:${roomId}`]);
  return timing;
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
}

export interface StepSummary {
  /** Added time on the critical path (the budget figure), ms. */
  p50: number;
  p99: number;
  max: number;
  /** Added time by the union method (end to end minus time any call was open), ms. */
  unionP50: number;
  unionP99: number;
  endToEndP50: number;
  sequential: number;
  calls: number;
  shape: string;
}

export interface LatencyRun {
  flows: number;
  card: StepSummary;
  result: StepSummary;
}

export interface LatencyResult {
  parkBot: LatencyRun[];
  /** The floor bot's message → reply (four sequential calls, as Park Bot's message → card made before the impact read). */
  floor: StepSummary[];
  /** The bare framework echo (people batcher 1 ms, as Park Bot): message → reply, three calls. */
  echo: StepSummary[];
  profiles: { role: string; file: string }[];
}

function summarize(steps: readonly StepTiming[]): StepSummary {
  const added = steps.map((s) => s.addedMs);
  const union = steps.map((s) => s.addedUnionMs);
  return {
    p50: percentile(added, 50),
    p99: percentile(added, 99),
    max: Math.max(...added),
    unionP50: percentile(union, 50),
    unionP99: percentile(union, 99),
    endToEndP50: percentile(
      steps.map((s) => s.endToEndMs),
      50,
    ),
    sequential: percentile(
      steps.map((s) => s.sequential),
      50,
    ),
    calls: percentile(
      steps.map((s) => s.calls),
      50,
    ),
    shape: mostCommon(steps.map((s) => s.shape)),
  };
}

/**
 * The bot's added latency: `runs` runs of `flows` sequential full flows in a group space, with
 * every Webex call answered after WEBEX_LATENCY_MS; interleaved run by run with the same number of
 * messages to the floor bot and to the bare echo bot, each on its own emulator.
 */
export async function measureLatency(env: BenchEnv, runs: number, flows: number): Promise<LatencyResult> {
  const warm = env.quick ? 5 : 40;
  const org = { locations: 10, extensions: 100, groupRooms: 1, poolSize: warm + runs * flows + 10 };
  const [emulator, floorEmulator, echoEmulator] = await Promise.all([
    startEmulatorChild(env, org, "emulator-latency"),
    startEmulatorChild(env, { ...org, poolSize: 1 }, "emulator-latency-floor"),
    startEmulatorChild(env, { ...org, poolSize: 1 }, "emulator-latency-echo"),
  ]);
  const [bot, floor, echo] = await Promise.all([
    startParkBotChild(env, emulator.init, "park-bot-latency"),
    startFloorBotChild(env, floorEmulator),
    startEchoBotChild(env, echoEmulator, 1, "echo-bot-latency"),
  ]);
  try {
    // JIT warm-up and each space's framework bot object, at full speed.
    let next = await warmRooms(emulator, "full", 1, 0);
    await emulator.run({ mode: "full", flows: warm, concurrency: 1, poolStart: next });
    next += warm;
    await warmRooms(echoEmulator, "echo", 1, 0);
    await echoEmulator.run({ mode: "echo", flows: warm, concurrency: 1 });
    const floorRoom = floorEmulator.init.groupRoomIds[0] ?? "";
    for (let i = 0; i < warm; i++) await replyFlow(floorEmulator, floorRoom, "thread");
    for (const e of [emulator, floorEmulator, echoEmulator])
      await e.child.call("setLatency", WEBEX_LATENCY_MS);

    const room = emulator.init.groupRoomIds[0] ?? "";
    const echoRoom = echoEmulator.init.groupRoomIds[0] ?? "";
    const result: LatencyResult = { parkBot: [], floor: [], echo: [], profiles: [] };
    const { profiles } = await profiled(
      env,
      "latency",
      [{ role: "park-bot", child: bot.child }],
      async () => {
        for (let r = 0; r < runs; r++) {
          await quiet(env);
          const cards: StepTiming[] = [];
          const outcomes: StepTiming[] = [];
          const floors: StepTiming[] = [];
          const echoes: StepTiming[] = [];
          for (let i = 0; i < flows; i++) {
            const { card, result: outcome } = await parkBotFlow(
              emulator,
              bot.child,
              room,
              poolExtension(next++),
            );
            cards.push(card);
            outcomes.push(outcome);
            // The baselines are steadier than the bot; a quarter of the samples keeps the run short.
            if (i % BASELINE_EVERY === 0) {
              floors.push(await replyFlow(floorEmulator, floorRoom, "thread"));
              echoes.push(await replyFlow(echoEmulator, echoRoom, "room"));
            }
          }
          for (const e of [emulator, floorEmulator, echoEmulator]) await e.child.call("clearRequests");
          result.parkBot.push({ card: summarize(cards), result: summarize(outcomes), flows });
          result.floor.push(summarize(floors));
          result.echo.push(summarize(echoes));
        }
      },
    );
    result.profiles = profiles;
    return result;
  } finally {
    await Promise.all([bot.child.stop(), floor.stop(), echo.stop()]);
    await Promise.all([emulator.child.stop(), floorEmulator.child.stop(), echoEmulator.child.stop()]);
  }
}
