import type { Logger } from "./logger.js";

/**
 * The framework and its SDK start promise chains they never await (the people batcher rejects
 * its own debounced flush when Webex answers 429/503). One that rejects must not take the process,
 * and every deletion in flight, down with it: log it (through the safe error serializer) and go on.
 * Returns a function that removes the guard.
 */
export function installProcessGuards(logger: Logger): () => void {
  const onRejection = (err: unknown) => {
    logger.error({ err }, "unhandled rejection (framework or SDK); continuing");
  };
  process.on("unhandledRejection", onRejection);
  return () => process.off("unhandledRejection", onRejection);
}
