import type { FileHandle } from "node:fs/promises";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { AuditEvent, AuditKind, AuditLog } from "./audit-log.js";
import type { AuditStream } from "./create-redis-audit-stream.js";
import { type ReadRecentOptions, readRecentAuditEvents } from "./read-recent-audit-events.js";

/**
 * The audit trail: every event is a JSON line on the log stream and, when `path` is given, appended
 * to that file and fsync'd before `record` resolves — so an intent written before a DELETE is on
 * disk before the DELETE is sent, and a crash between intent and outcome shows as an intent with
 * no outcome, never as silence. Writes are serialized; the file is only ever appended to.
 * Without a file (the demo), the last events of each kind are kept in memory so `audit` still works.
 * With a stream, every record also goes to it before `record` resolves.
 */
export async function createAuditLog(options: {
  logger: Logger;
  clock: Clock;
  path?: string | undefined;
  /** Without a file: events kept per kind, so a flood of one kind never evicts another. Default 200. */
  memoryPerKind?: number;
  /** How `recent` searches the file (chunk size, byte bound). */
  scan?: ReadRecentOptions;
  /**
   * The trail every instance shares (Redis): each record is also appended there, and resolves only
   * once both the file and the stream have it; `recent` reads the stream, so `audit` shows every
   * instance's records.
   */
  stream?: AuditStream;
  /** Most stream entries one `recent` reads back before giving up (and saying so). Default 200 000. */
  maxStreamScan?: number;
}): Promise<AuditLog> {
  const { logger, clock, path } = options;
  const memoryPerKind = options.memoryPerKind ?? 200;
  const inMemory = new Map<AuditKind, AuditEvent[]>();
  let handle: FileHandle | undefined;
  if (path) {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, "a+", 0o600);
    await endTornLine(handle);
  }
  // Group commit: lines that arrive while a write is on its way to disk wait and go together in
  // the next append + fdatasync. Each `record` still resolves only once its own line is synced, but
  // concurrent flows share one fsync instead of queueing one each.
  let waiting: { text: string; done: (err?: unknown) => void }[] = [];
  let chain: Promise<void> = Promise.resolve();
  const flush = async (file: FileHandle) => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      await file.appendFile(batch.map((b) => b.text).join(""), "utf8");
      await file.datasync();
      for (const b of batch) b.done();
    } catch (err) {
      logger.error({ err }, "audit write failed");
      for (const b of batch) b.done(err);
    }
  };

  const { stream } = options;
  const local = (line: AuditEvent): Promise<void> => {
    const file = handle;
    if (!path) {
      const kept = inMemory.get(line.kind) ?? [];
      kept.push(line);
      if (kept.length > memoryPerKind) kept.shift();
      inMemory.set(line.kind, kept);
      return Promise.resolve();
    }
    if (!file) return Promise.resolve();
    const written = new Promise<void>((resolve, reject) => {
      waiting.push({ text: `${JSON.stringify(line)}\n`, done: (err) => (err ? reject(err) : resolve()) });
    });
    // The first line to wait starts the next flush; later ones ride along with it.
    if (waiting.length === 1) chain = chain.then(() => flush(file));
    return written;
  };

  return {
    record: async (event: AuditEvent) => {
      const line = { at: new Date(clock.now()).toISOString(), ...event };
      logger.info({ audit: true, ...line }, `audit ${event.kind}`);
      if (!stream) return local(line);
      // Both, in parallel; a failure of either fails the record (and so an intent fails its DELETE).
      await Promise.all([
        local(line),
        stream.append(line).catch((err: unknown) => {
          logger.error({ err }, "audit stream write failed");
          throw err;
        }),
      ]);
    },
    recent: async (kind, limit, where) => {
      const match = (e: AuditEvent) => e.kind === kind && (where === undefined || where(e));
      if (stream) {
        const found = await stream.recent(match, limit, options.maxStreamScan ?? 200_000);
        return {
          events: found.events.reverse(),
          capped: !found.exhausted && found.events.length < limit,
        };
      }
      if (!path) return { events: (inMemory.get(kind) ?? []).filter(match).slice(-limit), capped: false };
      await chain;
      return readRecentAuditEvents(path, match, limit, options.scan);
    },
    close: async () => {
      await chain;
      await handle?.close();
      handle = undefined;
    },
  };
}

/**
 * A crash mid-append leaves a last line without its newline; the next line appended would be glued
 * to it and lost with it. End it first, so the torn line stays alone (and is skipped when read).
 */
async function endTornLine(file: FileHandle): Promise<void> {
  const { size } = await file.stat();
  if (size === 0) return;
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  if (last[0] !== 0x0a) {
    await file.appendFile("\n", "utf8");
    await file.datasync();
  }
}
