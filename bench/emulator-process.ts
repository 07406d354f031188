import { performance } from "node:perf_hooks";
import type { Message } from "../src/emulator/api-shapes.js";
import { type RunningEmulator, startEmulator } from "../src/emulator/create-emulator.js";
import type { FaultRule } from "../src/emulator/create-fault-injector.js";
import type { EmulatorChange } from "../src/emulator/emulator-change.js";
import type { RequestLogEntry } from "../src/emulator/request-log.js";
import {
  ALICE,
  BENCH_ADMIN_TOKEN,
  BENCH_BOT_TOKEN,
  type BenchOrgOptions,
  buildBenchOrg,
  DIRECT_ROOM,
  POOL_LOCATION,
  poolExtension,
  roomTitle,
} from "./build-bench-org.js";
import { serveIpc } from "./ipc.js";
import { createWindowProfiler } from "./profiler.js";

/**
 * The Webex emulator in its own process, driven over IPC by bench/run-bench.ts. The load
 * generator (people typing and pressing buttons) lives here too, beside the emulator, as Webex's
 * clients live beside Webex: a flow step costs no IPC round trip.
 */

/** Sub-millisecond wall clock (ms since the epoch): request-log `at` and delivery `at` use it. */
const now = () => performance.timeOrigin + performance.now();

export interface BotMessage {
  id: string;
  roomId: string;
  parentId?: string;
  text: string;
  hasCard: boolean;
  /** Titles of the card's own Action.Submit buttons (its `actions`; a list card's row buttons are in its body). */
  buttons: string[];
  /** When the emulator stored it (inside the POST /messages handler). */
  at: number;
}

export interface InitResult {
  apiUrl: string;
  url: string;
  botToken: string;
  adminToken: string;
  botId: string;
  /** Title → room id. */
  rooms: Record<string, string>;
  groupRoomIds: string[];
  directRoomId: string;
  /** Time to build the emulator's state from the seed, ms. */
  seedMs: number;
}

export interface StepResult {
  /** The message or attachment action the person created. */
  dataId: string;
  /** When the emulator started the webhook delivery POST (ms since the epoch). */
  deliveryAt: number;
  reply: BotMessage;
}

export interface FlowRun {
  flows: number;
  completed: number;
  failed: number;
  elapsedMs: number;
  failures: string[];
}

let emulator: RunningEmulator | undefined;
let botId = "";
let rooms: Record<string, string> = {};
let groupRoomIds: string[] = [];
const deliveryAt = new Map<string, number>();
/** Running totals: every API request the emulator answered and every webhook it delivered. */
const counts = { requests: 0, deliveries: 0 };

/** Bot messages by key (`parent:<id>` or `room:<id>`), and whoever waits for the n-th one. */
const seen = new Map<string, BotMessage[]>();
const waiters = new Map<string, { index: number; resolve: (m: BotMessage) => void }[]>();

function running(): RunningEmulator {
  if (!emulator) throw new Error("emulator not initialised");
  return emulator;
}

function summarize(message: Message): BotMessage {
  const card = message.attachments?.[0]?.content as
    | { actions?: { type?: string; title?: string }[] }
    | undefined;
  const summary: BotMessage = {
    id: message.id,
    roomId: message.roomId,
    text: message.text,
    hasCard: card !== undefined,
    buttons: (card?.actions ?? []).filter((a) => a.type === "Action.Submit").map((a) => String(a.title)),
    at: now(),
  };
  if (message.parentId !== undefined) summary.parentId = message.parentId;
  return summary;
}

function record(key: string, message: BotMessage): void {
  const list = seen.get(key) ?? [];
  list.push(message);
  seen.set(key, list);
  const waiting = waiters.get(key);
  if (!waiting) return;
  const still = waiting.filter((w) => {
    const found = list[w.index];
    if (found) w.resolve(found);
    return !found;
  });
  if (still.length > 0) waiters.set(key, still);
  else waiters.delete(key);
}

function onChange(change: EmulatorChange): void {
  if (change.kind === "request") counts.requests++;
  if (change.kind === "delivery") {
    counts.deliveries++;
    deliveryAt.set(change.delivery.dataId, change.delivery.at);
    return;
  }
  if (change.kind !== "message.created" || change.message.personId !== botId) return;
  const message = summarize(change.message);
  record(`room:${message.roomId}`, message);
  if (message.parentId !== undefined) record(`parent:${message.parentId}`, message);
}

/** The `index`-th (0-based) bot message under `key`, waiting for it up to `timeoutMs`. */
function botMessage(key: string, index: number, timeoutMs: number): Promise<BotMessage> {
  const found = seen.get(key)?.[index];
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const list = waiters.get(key) ?? [];
      waiters.set(
        key,
        list.filter((w) => w.resolve !== done),
      );
      reject(new Error(`no bot message #${index + 1} under ${key} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (m: BotMessage) => {
      clearTimeout(timer);
      resolve(m);
    };
    waiters.set(key, [...(waiters.get(key) ?? []), { index, resolve: done }]);
  });
}

async function say(
  roomId: string,
  text: string,
  timeoutMs: number,
  waitFor: "thread" | "room",
): Promise<StepResult> {
  const e = running();
  const roomKey = `room:${roomId}`;
  const before = seen.get(roomKey)?.length ?? 0;
  const group = roomId !== rooms[DIRECT_ROOM];
  const message = await e.say({ from: ALICE, roomId, text, mention: group });
  const reply = await (waitFor === "thread"
    ? botMessage(`parent:${message.id}`, 0, timeoutMs)
    : botMessage(roomKey, before, timeoutMs));
  return { dataId: message.id, deliveryAt: deliveryAt.get(message.id) ?? Number.NaN, reply };
}

/** Presses a button on a card in a request's thread; resolves with the bot's next message there. */
async function press(
  threadId: string,
  cardId: string,
  button: string | number,
  timeoutMs: number,
): Promise<StepResult> {
  const e = running();
  const key = `parent:${threadId}`;
  const before = seen.get(key)?.length ?? 0;
  const action = await e.pressButton({ by: ALICE, messageId: cardId, button });
  const reply = await botMessage(key, before, timeoutMs);
  return { dataId: action.id, deliveryAt: deliveryAt.get(action.id) ?? Number.NaN, reply };
}

export interface PressThrough {
  dataId: string;
  deliveryAt: number;
  /** The bot's messages in the thread after the press, up to and including the first card. */
  replies: BotMessage[];
}

/**
 * Presses a button and waits for the bot's messages in the thread until one is a card (a bulk
 * delete's progress text, then its summary card with Undo).
 */
async function pressThroughToCard(
  threadId: string,
  cardId: string,
  button: string | number,
  timeoutMs: number,
): Promise<PressThrough> {
  const e = running();
  const key = `parent:${threadId}`;
  const before = seen.get(key)?.length ?? 0;
  const deadline = performance.now() + timeoutMs;
  const action = await e.pressButton({ by: ALICE, messageId: cardId, button });
  const replies: BotMessage[] = [];
  for (let i = before; ; i++) {
    const reply = await botMessage(key, i, Math.max(1, deadline - performance.now()));
    replies.push(reply);
    if (reply.hasCard) break;
  }
  return { dataId: action.id, deliveryAt: deliveryAt.get(action.id) ?? Number.NaN, replies };
}

function forget(...keys: string[]): void {
  for (const key of keys) seen.delete(key);
}

/** request, card, confirm, delete, result — checked: the card is a card, the result says Deleted. */
async function fullFlow(roomId: string, extension: string, timeoutMs: number): Promise<void> {
  const asked = await say(roomId, `delete park ext ${extension} at ${POOL_LOCATION}`, timeoutMs, "thread");
  if (!asked.reply.hasCard) throw new Error(`no card for ${extension}: ${asked.reply.text.slice(0, 120)}`);
  const confirmed = await press(asked.dataId, asked.reply.id, 0, timeoutMs);
  forget(`parent:${asked.dataId}`);
  deliveryAt.delete(asked.dataId);
  deliveryAt.delete(confirmed.dataId);
  if (!confirmed.reply.text.startsWith("Deleted"))
    throw new Error(`unexpected result for ${extension}: ${confirmed.reply.text.slice(0, 120)}`);
}

async function echoFlow(roomId: string, timeoutMs: number): Promise<void> {
  const asked = await say(roomId, "hello", timeoutMs, "room");
  deliveryAt.delete(asked.dataId);
  if (asked.reply.text !== "echo") throw new Error(`unexpected echo: ${asked.reply.text.slice(0, 120)}`);
}

const profiler = createWindowProfiler();

const handlers = {
  init: async (options: BenchOrgOptions): Promise<InitResult> => {
    const seed = buildBenchOrg(options);
    const started = performance.now();
    emulator = await startEmulator({ seed, now, requestLogCapacity: 50_000 });
    const seedMs = performance.now() - started;
    emulator.events.on("change", onChange);
    botId = emulator.botPerson.id;
    rooms = Object.fromEntries(emulator.rooms().map((r) => [r.title, r.id]));
    groupRoomIds = Array.from({ length: options.groupRooms }, (_, i) => rooms[roomTitle(i)] ?? "");
    return {
      apiUrl: emulator.apiUrl,
      url: emulator.url,
      botToken: BENCH_BOT_TOKEN,
      adminToken: BENCH_ADMIN_TOKEN,
      botId,
      rooms,
      groupRoomIds,
      directRoomId: rooms[DIRECT_ROOM] ?? "",
      seedMs,
    };
  },
  setLatency: (ms: number) => running().setLatency(ms),
  clearRequests: () => running().clearRequests(),
  counts: () => ({ ...counts }),
  requests: (): RequestLogEntry[] => [...running().requests],
  requestsSince: (at: number): RequestLogEntry[] => running().requests.filter((r) => r.at >= at),
  webhookCount: () => running().webhooks().length,
  whenIdle: () => running().whenIdle(),
  hasExtension: ({ location, extension }: { location: string; extension: string }) =>
    running().callParkExtension(location, extension) !== undefined,
  /** The call park extensions at a location now: id and number. */
  extensionsAt: (location: string): { id: string; extension: string }[] =>
    running()
      .callParkExtensions()
      .filter((c) => c.locationName === location)
      .map((c) => ({ id: c.id, extension: c.extension })),
  injectFault: (rule: FaultRule) => running().faults.inject(rule),
  faultStats: () => running().faults.stats(),
  clearFaults: () => running().faults.clear(),
  /** Restores the seed (every extension back, messages gone); webhooks kept. */
  reset: () => {
    running().reset({ keepWebhooks: true });
    seen.clear();
    deliveryAt.clear();
  },
  say: ({
    roomId,
    text,
    timeoutMs = 10_000,
    waitFor = "thread",
  }: {
    roomId: string;
    text: string;
    timeoutMs?: number;
    waitFor?: "thread" | "room";
  }) => say(roomId, text, timeoutMs, waitFor),
  press: ({
    threadId,
    cardId,
    button,
    timeoutMs = 10_000,
  }: {
    threadId: string;
    cardId: string;
    button: string | number;
    timeoutMs?: number;
  }) => press(threadId, cardId, button, timeoutMs),
  pressThroughToCard: ({
    threadId,
    cardId,
    button,
    timeoutMs = 120_000,
  }: {
    threadId: string;
    cardId: string;
    button: string | number;
    timeoutMs?: number;
  }) => pressThroughToCard(threadId, cardId, button, timeoutMs),
  forget: (keys: string[]) => forget(...keys),
  /**
   * `flows` flows over `concurrency` group rooms (one flow at a time per room). Full flows take
   * pool extensions `poolStart`, `poolStart + 1`, …
   */
  runFlows: async ({
    mode,
    flows,
    concurrency,
    poolStart = 0,
    timeoutMs = 15_000,
  }: {
    mode: "full" | "echo";
    flows: number;
    concurrency: number;
    poolStart?: number;
    timeoutMs?: number;
  }): Promise<FlowRun> => {
    if (concurrency > groupRoomIds.length) throw new Error(`only ${groupRoomIds.length} rooms`);
    let next = 0;
    let completed = 0;
    const failures: string[] = [];
    const started = performance.now();
    const worker = async (roomId: string) => {
      for (let i = next++; i < flows; i = next++) {
        try {
          if (mode === "full") await fullFlow(roomId, poolExtension(poolStart + i), timeoutMs);
          else await echoFlow(roomId, timeoutMs);
          completed++;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(groupRoomIds.slice(0, concurrency).map(worker));
    const elapsedMs = performance.now() - started;
    for (const id of groupRoomIds) forget(`room:${id}`);
    return { flows, completed, failed: failures.length, elapsedMs, failures: failures.slice(0, 5) };
  },
  usage: () => ({ cpu: process.cpuUsage(), memory: process.memoryUsage() }),
  profileStart: (intervalUs?: number) => profiler.start(intervalUs),
  profileStop: (path: string) => profiler.stop(path),
  exit: async () => {
    await emulator?.close();
    setImmediate(() => process.exit(0));
  },
};

serveIpc(handlers);
process.on("SIGTERM", () => {
  void handlers.exit();
});
