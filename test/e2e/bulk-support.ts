import type { Message } from "../../src/emulator/api-shapes.js";
import type { RequestLogEntry } from "../../src/emulator/request-log.js";
import type { Harness } from "./harness.js";
import { decodeTokenPayload, tokenOf } from "./support.js";

/** "6000".."6009": Warehouse's docks, as typed. */
export const docks = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** Warehouse's seeded names (test-org.ts): 6000 is Dock 1, 6029 is Dock 30. */
export const dockName = (extension: string): string => `Dock ${Number(extension) - 6000 + 1}`;

export interface BulkTarget {
  extension: string;
  id: string;
  /** The extension's API path, as the request log and `faults.inject` name it. */
  path: string;
}

/** Each extension's id and path at a location, read from the emulator before the press. */
export function targetsAt(
  emulator: Pick<Harness["emulator"], "callParkExtension">,
  locationName: string,
  extensions: readonly string[],
): BulkTarget[] {
  return extensions.map((extension) => {
    const cpe = emulator.callParkExtension(locationName, extension);
    if (!cpe) throw new Error(`no ${extension} at ${locationName}`);
    return {
      extension,
      id: cpe.id,
      path: `/telephony/config/locations/${cpe.locationId}/callParkExtensions/${cpe.id}`,
    };
  });
}

/** The batch id a bulk card's press uses in the audit trail: the card's nonce. */
export function batchIdOf(card: Message): string {
  const nonce = decodeTokenPayload(tokenOf(card, /^Delete \d+$/)).nonce;
  if (typeof nonce !== "string") throw new Error("the card's token has no nonce");
  return nonce;
}

/** The bulk summaries among `messages`, oldest first. */
export function bulkSummaries(messages: readonly Message[]): Message[] {
  return messages.filter((m) => (m.text ?? "").startsWith("Bulk delete"));
}

/** The counts a summary's first line gives (absent ones are 0). */
export function countsOf(summary: Message): Record<string, number> {
  const first = (summary.text ?? "").split("\n")[0] ?? "";
  const n = (pattern: RegExp) => Number(pattern.exec(first)?.[1] ?? 0);
  return {
    deleted: n(/: (\d+) deleted/),
    "already gone": n(/(\d+) already gone/),
    changed: n(/(\d+) changed since the card/),
    failed: n(/(\d+) failed/),
    "not attempted": n(/(\d+) not attempted/),
  };
}

export type AuditLine = Record<string, unknown> & {
  kind?: string;
  nonce?: string;
  result?: string;
  reason?: string;
  target?: { extension?: string; callParkExtensionId?: string; locationName?: string };
  batch?: { id: string; counts?: Record<string, number>; items?: number };
};

/** A batch's per-item audit lines of one kind, not its summary line. */
export function batchItemLines(
  lines: readonly Record<string, unknown>[],
  batchId: string,
  kind: "intent" | "outcome",
): AuditLine[] {
  return (lines as AuditLine[]).filter(
    (l) => l.kind === kind && l.batch?.id === batchId && l.batch.counts === undefined,
  );
}

/** A batch's summary line in the audit trail. */
export function batchSummaryLine(
  lines: readonly Record<string, unknown>[],
  batchId: string,
): AuditLine | undefined {
  return (lines as AuditLine[]).find(
    (l) => l.kind === "outcome" && l.batch?.id === batchId && l.batch.counts !== undefined,
  );
}

/** DELETEs of one extension that the emulator carried out (it answered 204). */
export function effectiveDeletes(requests: readonly RequestLogEntry[], path: string): RequestLogEntry[] {
  return requests.filter((r) => r.method === "DELETE" && r.path === path && r.status === 204);
}
