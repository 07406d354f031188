import { realTimers, type Timers } from "../src/clock.js";
import type { Services } from "./command.js";
import { reportUnfinishedDeletes, type UnfinishedDeletesOptions } from "./report-unfinished-deletes.js";

export interface UnfinishedDeletesWatch {
  /** Resolves when the current look is done; no later look starts. */
  stop(): Promise<void>;
  /** Resolves when the current look (if any) is done. */
  idle(): Promise<void>;
}

/**
 * Runs reportUnfinishedDeletes now, and again while something is left: an intent too young to
 * judge (looked at again once it is old enough) or one Webex would not let us look up (again after
 * `retryMs`, at most `maxRetries` times). Never throws: a failure is logged.
 */
export function watchUnfinishedDeletes(
  services: Services,
  options: UnfinishedDeletesOptions & { retryMs?: number; maxRetries?: number; timers?: Timers },
): UnfinishedDeletesWatch {
  const timers = options.timers ?? realTimers;
  const retryMs = options.retryMs ?? 60_000;
  let retriesLeft = options.maxRetries ?? 10;
  let stopped = false;
  let timer: unknown;
  let current: Promise<void> = Promise.resolve();

  const look = () => {
    timer = undefined;
    current = reportUnfinishedDeletes(services, options).then(
      (report) => {
        services.logger.info({ ...report }, "looked for interrupted deletes");
        let next = report.recheckAt === undefined ? undefined : report.recheckAt - services.clock.now();
        if (report.failed > 0 && retriesLeft-- > 0) next = Math.min(next ?? retryMs, retryMs);
        if (next !== undefined && !stopped) timer = timers.set(look, Math.max(0, next));
      },
      (err: unknown) => {
        services.logger.error({ err }, "could not look for interrupted deletes");
        if (retriesLeft-- > 0 && !stopped) timer = timers.set(look, retryMs);
      },
    );
  };
  look();

  return {
    stop: async () => {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      await current;
    },
    idle: () => current,
  };
}
