import { join } from "node:path";
import type { Child } from "./ipc.js";
import {
  type BenchEnv,
  profiled,
  quiet,
  startEmulatorChild,
  startParkBotChild,
  warmRooms,
} from "./processes.js";

export interface MemoryRun {
  flows: number;
  failed: number;
  /** Right after `startApp` resolved. */
  rssStart: number;
  heapStart: number;
  /** After one flow in each room (framework bot objects built, code warm), then a forced GC. */
  rssWarmGc: number;
  heapWarmGc: number;
  rssAfter: number;
  heapAfter: number;
  rssAfterGc: number;
  heapAfterGc: number;
  /** After the bot's clock moved past every TTL (seen events: 10 min), a few more flows (sweeps run on claims), and a GC. */
  rssExpiredGc: number;
  heapExpiredGc: number;
}

const BATCH = 2_000;
const CONCURRENCY = 20;

/**
 * RSS of the bot process after start, after `flows` full flows and after a forced GC, in a fresh
 * bot and emulator per run. Flows go in batches of the pool's size; the emulator's seed is restored
 * between batches (its own messages and extensions), the bot keeps running.
 */
export async function measureMemory(env: BenchEnv, runs: number, flows: number): Promise<MemoryRun[]> {
  const results: MemoryRun[] = [];
  for (let r = 0; r < runs; r++) {
    await quiet(env);
    const emulator = await startEmulatorChild(
      env,
      { locations: 10, extensions: 100, groupRooms: CONCURRENCY, poolSize: BATCH + CONCURRENCY * 3 },
      "emulator-memory",
    );
    const bot = await startParkBotChild(env, emulator.init, "park-bot-memory");
    try {
      const start = await bot.child.call<NodeJS.MemoryUsage>("memory");
      await warmRooms(emulator, "full", CONCURRENCY, BATCH);
      const warm = await bot.child.call<NodeJS.MemoryUsage>("gc");
      await heapSnapshot(env, r, bot.child, "warm");
      let failed = 0;
      let done = 0;
      await profiled(
        env,
        `memory-${r + 1}`,
        r === 0 ? [{ role: "park-bot", child: bot.child }] : [],
        async () => {
          while (done < flows) {
            const batch = Math.min(BATCH, flows - done);
            await emulator.child.call("reset");
            const run = await emulator.run({
              mode: "full",
              flows: batch,
              concurrency: CONCURRENCY,
              poolStart: 0,
            });
            failed += run.failed;
            done += batch;
          }
        },
      );
      await bot.child.call("idle");
      const after = await bot.child.call<NodeJS.MemoryUsage>("memory");
      const afterGc = await bot.child.call<NodeJS.MemoryUsage>("gc");
      // Claims and seen events are held for their TTL by design; past it they must be gone. The
      // memory claim store sweeps expired keys when a new one arrives.
      await bot.child.call("advanceClock", 11 * 60_000);
      await emulator.child.call("reset");
      await emulator.run({ mode: "full", flows: CONCURRENCY, concurrency: CONCURRENCY, poolStart: 0 });
      await bot.child.call("idle");
      const expired = await bot.child.call<NodeJS.MemoryUsage>("gc");
      await heapSnapshot(env, r, bot.child, "expired");
      results.push({
        flows: done,
        failed,
        rssStart: start.rss,
        heapStart: start.heapUsed,
        rssWarmGc: warm.rss,
        heapWarmGc: warm.heapUsed,
        rssAfter: after.rss,
        heapAfter: after.heapUsed,
        rssAfterGc: afterGc.rss,
        heapAfterGc: afterGc.heapUsed,
        rssExpiredGc: expired.rss,
        heapExpiredGc: expired.heapUsed,
      });
    } finally {
      await bot.child.stop();
      await emulator.child.stop();
    }
  }
  return results;
}

/**
 * With --profile, heap snapshots of the first run after warm-up and after every TTL lapsed: what
 * the second holds beyond the first (Chrome DevTools, Memory, Comparison) is what leaked.
 */
async function heapSnapshot(env: BenchEnv, run: number, bot: Child, moment: string): Promise<void> {
  if (env.profileDir && run === 0)
    await bot.call("heapSnapshot", join(env.profileDir, `memory-${moment}.heapsnapshot`));
}
