/** One API request as the emulator saw it. Never holds a token or an Authorization header. */
export type RequestLogEntry = {
  seq: number;
  /** Start time, by the emulator's injected clock (ms since the epoch). */
  at: number;
  method: string;
  /** Pathname after `/v1`, e.g. `/telephony/config/callParkExtensions`. */
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when the connection was dropped without an answer. */
  status: number;
  auth: "bot" | "admin" | "service-app" | "invalid" | "none";
  identityId?: string;
  /** Wall-clock time to answer, in ms (real time, so benchmarks mean something). */
  durationMs: number;
  /** Label of the injected fault, e.g. `429 retry-after=0`, `drop`, `delay 200ms`. */
  fault?: string;
  /** The `TrackingID` header the answer carried (error bodies repeat it), so a test can tell that a reply quotes the right one. */
  trackingId?: string;
};

/** Query keys whose values are credentials; logged as `[redacted]` in case a client sends one. */
const secretKeys = /token|secret|password|authorization|code/i;

export function redactQuery(query: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) safe[key] = secretKeys.test(key) ? "[redacted]" : value;
  return safe;
}

/**
 * The most recent requests, oldest first: always the last `capacity` (default 20 000), and at most a
 * quarter more. It trims in chunks because dropping the oldest entry one request at a time moves the
 * whole array each time (70 µs per request when full, measured), which a long demo or soak would pay.
 */
export function createRequestLog(capacity = 20_000) {
  const entries: RequestLogEntry[] = [];
  const slack = Math.ceil(capacity / 4);
  let seq = 0;
  return {
    entries: entries as readonly RequestLogEntry[],
    nextSeq: () => ++seq,
    add(entry: RequestLogEntry): void {
      entries.push(entry);
      if (entries.length > capacity + slack) entries.splice(0, entries.length - capacity);
    },
    clear(): void {
      entries.length = 0;
    },
  };
}
