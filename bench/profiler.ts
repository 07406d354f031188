import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

/**
 * The V8 CPU profiler that `node --cpu-prof` uses, started and stopped over the inspector so a
 * profile covers only the measured window (not start-up and module loading). Writes the same
 * `.cpuprofile` format.
 */
export function createWindowProfiler(): {
  start(intervalUs?: number): Promise<void>;
  stop(path: string): Promise<string>;
} {
  let session: Session | undefined;
  return {
    start: async (intervalUs = 200) => {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
      await session.post("Profiler.start");
    },
    stop: async (path) => {
      if (!session) throw new Error("profiler not started");
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      session = undefined;
      writeFileSync(path, JSON.stringify(profile));
      return path;
    },
  };
}
