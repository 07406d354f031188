import { open } from "node:fs/promises";
import type { AuditEvent, RecentAuditEvents } from "./audit-log.js";

const NEWLINE = 0x0a;

export interface ReadRecentOptions {
  /** Bytes read per step, from the end backwards. Default 64 KiB. */
  chunkBytes?: number;
  /**
   * Most bytes one call reads before giving up (and saying so). Default 64 MiB: far more history than
   * any flood of refusals a person can type, yet a bounded cost for one chat command.
   */
  maxScanBytes?: number;
}

/**
 * The last `limit` events that `match` in a JSON-lines file, oldest first. Reads the file backwards in
 * chunks until it has `limit` of them, reaches the start, or has read `maxScanBytes` — so what was
 * written after them (thousands of refusals) cannot hide them. Lines are cut on the newline byte
 * before decoding: 0x0A never occurs inside a multi-byte UTF-8 sequence, so a character split
 * across two chunks is decoded whole. A line that is not JSON (torn by a crash) is skipped.
 */
export async function readRecentAuditEvents(
  path: string,
  match: (event: AuditEvent) => boolean,
  limit: number,
  options: ReadRecentOptions = {},
): Promise<RecentAuditEvents> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const maxScanBytes = options.maxScanBytes ?? 64 * 1024 * 1024;
  const found: AuditEvent[] = [];
  const take = (line: Buffer) => {
    if (line.length === 0) return;
    try {
      const event = JSON.parse(line.toString("utf8")) as AuditEvent;
      if (match(event)) found.push(event);
    } catch {
      // A torn line after a crash; the rest is still good.
    }
  };

  const file = await open(path, "r");
  try {
    let position = (await file.stat()).size;
    let scanned = 0;
    // The start of a line whose beginning lies in a chunk not read yet.
    let carry = Buffer.alloc(0);
    while (position > 0 && found.length < limit) {
      if (scanned >= maxScanBytes) return { events: found.slice(0, limit).reverse(), capped: true };
      const size = Math.min(chunkBytes, position, maxScanBytes - scanned);
      position -= size;
      scanned += size;
      const chunk = Buffer.alloc(size);
      await file.read(chunk, 0, size, position);
      const bytes = Buffer.concat([chunk, carry]);
      // Everything after the first newline is whole lines; what precedes it may continue backwards.
      let end = bytes.length;
      for (let i = bytes.lastIndexOf(NEWLINE, end - 1); i >= 0 && found.length < limit; ) {
        take(bytes.subarray(i + 1, end));
        end = i;
        i = end > 0 ? bytes.lastIndexOf(NEWLINE, end - 1) : -1;
      }
      carry = bytes.subarray(0, end);
    }
    // At the start of the file, the carry is the first line.
    if (found.length < limit && position === 0) take(carry);
    return { events: found.slice(0, limit).reverse(), capped: false };
  } finally {
    await file.close();
  }
}
