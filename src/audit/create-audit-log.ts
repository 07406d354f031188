import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { AuditEvent, AuditLog } from "./audit-log.js";

/** How much of the file's end `recent` reads: the last deletions, not the whole history. */
const TAIL_BYTES = 256 * 1024;

/**
 * The audit trail: every event is a JSON line on the log stream and, when `path` is given, appended
 * to that file and fsync'd before `record` resolves — so an intent written before a DELETE is on
 * disk before the DELETE is sent, and a crash between intent and outcome shows as an intent with
 * no outcome, never as silence. Writes are serialized; the file is only ever appended to.
 */
export async function createAuditLog(options: {
  logger: Logger;
  clock: Clock;
  path?: string | undefined;
}): Promise<AuditLog> {
  const { logger, clock, path } = options;
  let handle: FileHandle | undefined;
  if (path) {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, "a", 0o600);
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

  return {
    record: (event: AuditEvent) => {
      const line = { at: new Date(clock.now()).toISOString(), ...event };
      logger.info({ audit: true, ...line }, `audit ${event.kind}`);
      const file = handle;
      if (!file) return Promise.resolve();
      const written = new Promise<void>((resolve, reject) => {
        waiting.push({ text: `${JSON.stringify(line)}\n`, done: (err) => (err ? reject(err) : resolve()) });
      });
      // The first line to wait starts the next flush; later ones ride along with it.
      if (waiting.length === 1) chain = chain.then(() => flush(file));
      return written;
    },
    recent: async (kind, limit) => {
      if (!path) return [];
      await chain;
      const size = (await stat(path)).size;
      const text = size <= TAIL_BYTES ? await readFile(path, "utf8") : await readTail(path, size);
      const events: AuditEvent[] = [];
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        try {
          const event = JSON.parse(line) as AuditEvent;
          if (event.kind === kind) events.push(event);
        } catch {
          // A torn last line after a crash; the rest is still good.
        }
      }
      return events.slice(-limit);
    },
    close: async () => {
      await chain;
      await handle?.close();
      handle = undefined;
    },
  };
}

async function readTail(path: string, size: number): Promise<string> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(TAIL_BYTES);
    await file.read(buffer, 0, TAIL_BYTES, size - TAIL_BYTES);
    const text = buffer.toString("utf8");
    return text.slice(text.indexOf("\n") + 1);
  } finally {
    await file.close();
  }
}
