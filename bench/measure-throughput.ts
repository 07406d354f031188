import type { Child } from "./ipc.js";
import {
  type BenchEnv,
  cpuMs,
  type EmulatorChild,
  profiled,
  quiet,
  startEchoBotChild,
  startEmulatorChild,
  startParkBotChild,
  type Usage,
  warmRooms,
} from "./processes.js";

export const CONCURRENCIES = [1, 10, 50] as const;

export type SubjectName = "park-bot" | "echo (SDK defaults)" | "echo (batcher 1 ms)";

export interface ThroughputRun {
  subject: SubjectName;
  concurrency: number;
  flows: number;
  failed: number;
  perSecond: number;
  /** CPU used per completed flow, ms: the bot process and the emulator process (with its load generator). */
  botCpuMsPerFlow: number;
  emulatorCpuMsPerFlow: number;
  /** CPU cores busy during the run (1 = one core saturated). */
  botCores: number;
  emulatorCores: number;
  /** Per completed flow: Webex API calls the emulator answered, webhooks it delivered. */
  callsPerFlow: number;
  webhooksPerFlow: number;
}

const NAMES: readonly SubjectName[] = ["park-bot", "echo (SDK defaults)", "echo (batcher 1 ms)"];

interface Subject {
  name: SubjectName;
  mode: "full" | "echo";
  emulator: EmulatorChild;
  bot: Child;
  /** Flows per run at each concurrency, from the calibration. */
  flows: Map<number, number>;
}

/** Extensions at Bench Pool: enough for the longest full run; the pool is restored before each run. */
const POOL = 3_000;

/**
 * Flows per second at each concurrency, emulator latency 0: Park Bot's full delete flow beside a
 * bare framework echo bot (SDK defaults, and with the people batcher at 1 ms like Park Bot). Each
 * bot has its own emulator; all six processes are up at once and the runs are interleaved (run 1 of
 * every subject, then run 2…), so a slower minute on the machine hits all of them alike.
 */
export async function measureThroughput(
  env: BenchEnv,
  runs: number,
  secondsPerRun: number,
): Promise<{ runs: ThroughputRun[]; profiles: { role: string; file: string }[] }> {
  const org = { locations: 10, extensions: 100, groupRooms: 50, poolSize: POOL };
  const subjects: Subject[] = [];
  const start = async (name: SubjectName, mode: "full" | "echo", batcherWait?: number) => {
    const emulator = await startEmulatorChild(
      env,
      { ...org, poolSize: mode === "full" ? POOL : 1 },
      `emulator-tp`,
    );
    const bot =
      mode === "full"
        ? (await startParkBotChild(env, emulator.init, "park-bot-tp")).child
        : await startEchoBotChild(env, emulator, batcherWait, "echo-bot-tp");
    subjects.push({ name, mode, emulator, bot, flows: new Map() });
  };
  try {
    await Promise.all([
      start("park-bot", "full"),
      start("echo (SDK defaults)", "echo"),
      start("echo (batcher 1 ms)", "echo", 1),
    ]);
    subjects.sort((a, b) => NAMES.indexOf(a.name) - NAMES.indexOf(b.name));

    // Every room gets its framework bot object; then a calibration run per concurrency sizes the
    // measured runs to about `secondsPerRun` each.
    for (const s of subjects) {
      const used = await warmRooms(s.emulator, s.mode, org.groupRooms, 0);
      for (const c of CONCURRENCIES) {
        await s.emulator.child.call("reset");
        const probe = await s.emulator.run({
          mode: s.mode,
          flows: Math.max(10, 3 * c),
          concurrency: c,
          poolStart: used,
        });
        const rate = (probe.completed / probe.elapsedMs) * 1000;
        const flows = Math.round(Math.min(POOL, Math.max(2 * c, rate * secondsPerRun)));
        s.flows.set(c, Math.ceil(flows / c) * c);
      }
    }

    const results: ThroughputRun[] = [];
    const { profiles } = await profiled(
      env,
      "throughput",
      subjects
        .filter((s) => s.mode === "full")
        .flatMap((s) => [
          { role: "park-bot", child: s.bot },
          { role: "emulator", child: s.emulator.child },
        ]),
      async () => {
        for (let r = 0; r < runs; r++) {
          for (const c of CONCURRENCIES) {
            await quiet(env);
            // Rotate who goes first, so no subject always runs right after another's load.
            const order = subjects.map((_, i) => subjects[(i + r) % subjects.length] as Subject);
            for (const s of order) results.push(await oneRun(s, c));
          }
        }
      },
    );
    return { runs: results, profiles };
  } finally {
    for (const s of subjects) {
      await s.bot.stop();
      await s.emulator.child.stop();
    }
  }
}

type Counts = { requests: number; deliveries: number };

async function oneRun(s: Subject, concurrency: number): Promise<ThroughputRun> {
  if (s.mode === "full") await s.emulator.child.call("reset");
  const flows = s.flows.get(concurrency) ?? concurrency;
  const [botBefore, emuBefore, countsBefore] = await Promise.all([
    s.bot.call<Usage>("usage"),
    s.emulator.child.call<Usage>("usage"),
    s.emulator.child.call<Counts>("counts"),
  ]);
  const run = await s.emulator.run({ mode: s.mode, flows, concurrency, poolStart: 0 });
  const [botAfter, emuAfter, countsAfter] = await Promise.all([
    s.bot.call<Usage>("usage"),
    s.emulator.child.call<Usage>("usage"),
    s.emulator.child.call<Counts>("counts"),
  ]);
  const done = Math.max(1, run.completed);
  return {
    subject: s.name,
    concurrency,
    flows: run.completed,
    failed: run.failed,
    perSecond: (run.completed / run.elapsedMs) * 1000,
    botCpuMsPerFlow: cpuMs(botBefore, botAfter) / done,
    emulatorCpuMsPerFlow: cpuMs(emuBefore, emuAfter) / done,
    botCores: cpuMs(botBefore, botAfter) / run.elapsedMs,
    emulatorCores: cpuMs(emuBefore, emuAfter) / run.elapsedMs,
    callsPerFlow: (countsAfter.requests - countsBefore.requests) / done,
    webhooksPerFlow: (countsAfter.deliveries - countsBefore.deliveries) / done,
  };
}
