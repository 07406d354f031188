import type { RequestLogEntry } from "../src/emulator/request-log.js";
import type { Attempt } from "./bot-process.js";
import { POOL_LOCATION, STORE_GROUP, storeName } from "./build-bench-org.js";
import type { StepResult } from "./emulator-process.js";
import {
  type BenchEnv,
  type EmulatorChild,
  type ParkBotChild,
  startEmulatorChild,
  startParkBotChild,
} from "./processes.js";

/** Who a Webex call is made for. */
export type CallOwner = "framework (SDK)" | "framework (through Park Bot's client)" | "Park Bot";

export interface Call {
  method: string;
  /** Path with ids replaced by `{id}`. */
  endpoint: string;
  /** The full path and query, for spotting repeats. */
  key: string;
  auth: RequestLogEntry["auth"];
  status: number;
  owner: CallOwner;
}

export interface ScenarioResult {
  name: string;
  /** What the bot answered, first line. */
  answer: string;
  calls: Call[];
  /** Calls a cache would have made unnecessary (the same GET already made in this command's flow). */
  repeats: string[];
  /** Extra pages of one list (a filter that matched more than a page). */
  extraPages: number;
}

export interface SizeResult {
  label: string;
  locations: number;
  extensions: number;
  seedMs: number;
  scenarios: ScenarioResult[];
}

export const SIZES = [
  { label: "10 / 100", locations: 10, extensions: 100 },
  { label: "1 000 / 10 000", locations: 1_000, extensions: 10_000 },
  { label: "10 000 / 100 000", locations: 10_000, extensions: 100_000 },
] as const;

const ID_SEGMENT = /\/[A-Za-z0-9_-]{24,}(?=\/|$)/g;

export function endpointOf(path: string): string {
  return path.replace(ID_SEGMENT, "/{id}");
}

/** The framework's per-event reads, which Park Bot routes through its own client (start-framework.ts). */
const FRAMEWORK_READS = new Set(["GET /messages/{id}", "GET /people/{id}", "GET /attachment/actions/{id}"]);

/**
 * Classifies the emulator's log of one step: a call our client made (it reported the attempt) is
 * the framework's when it is one of its three per-event reads, else Park Bot's; any other call came
 * from the framework's own SDK (spawning a space's bot object: memberships, rooms).
 */
export function classify(requests: readonly RequestLogEntry[], attempts: readonly Attempt[]): Call[] {
  const ours = new Map<string, number>();
  for (const a of attempts) {
    const k = `${a.method} ${a.path}`;
    ours.set(k, (ours.get(k) ?? 0) + 1);
  }
  return requests.map((r) => {
    const endpoint = endpointOf(r.path);
    const k = `${r.method} ${r.path}`;
    const mine = (ours.get(k) ?? 0) > 0;
    if (mine) ours.set(k, (ours.get(k) ?? 0) - 1);
    const owner: CallOwner = !mine
      ? "framework (SDK)"
      : FRAMEWORK_READS.has(`${r.method} ${endpoint}`)
        ? "framework (through Park Bot's client)"
        : "Park Bot";
    const query = new URLSearchParams(r.query).toString();
    return {
      method: r.method,
      endpoint,
      key: `${r.method} ${r.path}${query ? `?${query}` : ""}`,
      auth: r.auth,
      status: r.status,
      owner,
    };
  });
}

/**
 * Pages beyond the first of the same list within one step: a GET with `start=` whose list (the
 * same path and query but for `start`) this step already read. A page button's own `start=` is
 * not extra: it is the page asked for.
 */
function extraPages(calls: readonly Call[]): number {
  const lists = new Set<string>();
  let extra = 0;
  for (const c of calls) {
    if (c.method !== "GET") continue;
    const list = c.key.replace(/([?&])start=\d+&?/, "$1").replace(/[?&]$/, "");
    if (lists.has(list) && /[?&]start=/.test(c.key)) extra++;
    lists.add(list);
  }
  return extra;
}

/** Calls whose exact GET was already made earlier in `history` or in `calls` itself. */
function repeatsOf(calls: readonly Call[], history: Set<string>): string[] {
  const repeats: string[] = [];
  for (const c of calls) {
    if (c.method !== "GET") continue;
    if (history.has(c.key)) repeats.push(`${c.method} ${c.endpoint}`);
    history.add(c.key);
  }
  return repeats;
}

class Scenarios {
  readonly results: ScenarioResult[] = [];
  /** GETs already made in the current request + click sequence. */
  private history = new Set<string>();
  constructor(
    private readonly emulator: EmulatorChild,
    private readonly bot: ParkBotChild,
  ) {}

  newSequence(): void {
    this.history = new Set();
  }

  private async measure(name: string, step: () => Promise<StepResult>): Promise<StepResult> {
    await this.emulator.child.call("clearRequests");
    await this.bot.child.call("takeAttempts");
    const result = await step();
    await this.bot.child.call("idle");
    await this.emulator.child.call("whenIdle");
    const requests = await this.emulator.child.call<RequestLogEntry[]>("requests");
    const attempts = await this.bot.child.call<Attempt[]>("takeAttempts");
    const calls = classify(requests, attempts);
    this.results.push({
      name,
      answer: result.reply.hasCard
        ? `card: ${result.reply.buttons.join(" / ") || "(rows only)"}`
        : (result.reply.text.split("\n")[0] ?? ""),
      calls,
      repeats: repeatsOf(calls, this.history),
      extraPages: extraPages(calls),
    });
    return result;
  }

  say(name: string, roomId: string, text: string): Promise<StepResult> {
    return this.measure(name, () => this.emulator.child.call<StepResult>("say", { roomId, text }));
  }

  /** `button`: the index among the card's Action.Submit buttons (body first, then actions), or its title. */
  press(name: string, asked: StepResult, button: number | string): Promise<StepResult> {
    return this.measure(name, () =>
      this.emulator.child.call<StepResult>("press", {
        threadId: asked.dataId,
        cardId: asked.reply.id,
        button,
      }),
    );
  }
}

/** Extensions at Bench Pool in this phase: three pages of its list (10 per page). */
const POOL_FOR_PAGING = 25;

/** Webex calls per command at one org size: every call from the webhook to the bot's answer. */
export async function measureCallsAtSize(env: BenchEnv, size: (typeof SIZES)[number]): Promise<SizeResult> {
  const emulator = await startEmulatorChild(
    env,
    { ...size, groupRooms: 1, poolSize: POOL_FOR_PAGING },
    "emulator-calls",
  );
  const bot = await startParkBotChild(env, emulator.init, "park-bot-calls");
  try {
    await bot.child.call("record", true);
    const s = new Scenarios(emulator, bot);
    const group = emulator.init.groupRoomIds[0] ?? "";
    const direct = emulator.init.directRoomId;
    // "Store N" (the last) is contained in no other name; "Store 1" is contained in 1 111 of 10 000.
    const unique = storeName(size.locations - 1);

    s.newSequence();
    await s.say("first event in a space (`help`)", group, "help");
    s.newSequence();
    await s.say("`help`", group, "help");

    // Find before delete: list and show, then the deletes below read the same location's groups.
    s.newSequence();
    const storeList = await s.say(
      "`list park ext at Store N` → card (10 rows, one page)",
      group,
      `list park ext at ${unique}`,
    );
    await s.press("row Delete 2010 → confirmation card (impact read)", storeList, "Delete 2010");
    s.newSequence();
    const poolList = await s.say(
      `\`list park ext at ${POOL_LOCATION}\` → card (page 1 of 3)`,
      group,
      `list park ext at ${POOL_LOCATION}`,
    );
    // A page press reads its page afresh (another admin may have changed the list): not a repeat.
    s.newSequence();
    await s.press("Next → page 2", poolList, "Next");
    s.newSequence();
    const orgList = await s.say("`list park ext` (the whole org) → card (page 1)", group, "list park ext");
    s.newSequence();
    await s.press("Next → page 2 (the whole org)", orgList, "Next");
    s.newSequence();
    await s.say(
      `\`show park ext 2001 at Store N\` → card (used by ${STORE_GROUP})`,
      group,
      `show park ext 2001 at ${unique}`,
    );

    s.newSequence();
    const asked = await s.say(
      `\`delete park ext 2001 at Store N\` → card (N: the last store, a name no other contains; used by ${STORE_GROUP})`,
      group,
      `delete park ext 2001 at ${unique}`,
    );
    await s.press("Confirm → result", asked, 0);

    s.newSequence();
    const again = await s.say(
      "`delete park ext 2002 at Store N` → card",
      group,
      `delete park ext 2002 at ${unique}`,
    );
    await s.press("Cancel → result", again, 1);

    s.newSequence();
    const prefix = await s.say(
      "`delete park ext 2003 at Store 1` → card (a name many others contain)",
      group,
      "delete park ext 2003 at Store 1",
    );
    if (prefix.reply.hasCard) await s.press("Confirm → result (Store 1)", prefix, 0);

    s.newSequence();
    await s.say(
      `\`delete park ext 100000\` (no location; one match, at ${POOL_LOCATION}) → card`,
      group,
      "delete park ext 100000",
    );
    s.newSequence();
    await s.say("`delete park ext 2004` (no location; one match per store)", group, "delete park ext 2004");
    s.newSequence();
    await s.say(
      "`delete park ext 2005 at Stroe 5` (typo) → suggestions",
      group,
      "delete park ext 2005 at Stroe 5",
    );

    s.newSequence();
    const direct1 = await s.say(
      "first event in a 1:1 space: `delete park ext 2006 at Store N` → card",
      direct,
      `delete park ext 2006 at ${unique}`,
    );
    await s.press("Confirm → result (1:1 space)", direct1, 0);

    return { ...size, seedMs: emulator.init.seedMs, scenarios: s.results };
  } finally {
    await bot.child.stop();
    await emulator.child.stop();
  }
}
