import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/audit/audit-log.js";
import { createAuditLog } from "../../../src/audit/create-audit-log.js";
import { createLogger } from "../../../src/logger.js";

const tempFile = () => join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
const open = (path: string | undefined, extra: Partial<Parameters<typeof createAuditLog>[0]> = {}) =>
  createAuditLog({ logger: createLogger("silent"), clock: { now: () => 0 }, path, ...extra });
const refusal = (i: number): AuditEvent => ({
  kind: "refusal",
  roomId: "room",
  requester: { id: "mallory", email: "mallory@contractor.example" },
  text: `delete park ext ${i} at HQ`,
  reason: "requester not allowlisted",
});

describe("createAuditLog", () => {
  it("writes every one of many concurrent records, in order, each resolved only once it is in the file", async () => {
    const path = tempFile();
    const audit = await open(path);
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        audit.record({ kind: "request", roomId: `room-${i}` }).then(() => {
          // When a record resolves, its line is already in the file.
          const lines = readFileSync(path, "utf8").trim().split("\n");
          expect(lines.some((l) => JSON.parse(l).roomId === `room-${i}`)).toBe(true);
          seen.push(i);
        }),
      ),
    );
    await audit.close();
    const rooms = readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).roomId);
    expect(rooms).toEqual(Array.from({ length: 50 }, (_, i) => `room-${i}`));
    expect(seen).toHaveLength(50);
  });

  it("recent() returns the last events of one kind, oldest first", async () => {
    const audit = await open(tempFile());
    for (let i = 0; i < 5; i++) {
      await audit.record({ kind: "outcome", roomId: "r", result: `r${i}` });
      await audit.record({ kind: "request", roomId: "r" });
    }
    const recent = await audit.recent("outcome", 2);
    expect(recent.events.map((e) => e.result)).toEqual(["r3", "r4"]);
    expect(recent.capped).toBe(false);
    expect((await audit.recent("outcome", 50)).events).toHaveLength(5);
    await audit.close();
  });

  it("recent() finds a deletion written before 10 000 refusals (megabytes of them, far past any fixed tail)", async () => {
    const path = tempFile();
    const audit = await open(path);
    await audit.record({ kind: "outcome", roomId: "r", result: "deleted", target: { extension: "1234" } });
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => audit.record(refusal(i))));
    expect(readFileSync(path).length).toBeGreaterThan(4 * 256 * 1024);
    const recent = await audit.recent("outcome", 10);
    expect(recent).toEqual({
      events: [expect.objectContaining({ result: "deleted", target: { extension: "1234" } })],
      capped: false,
    });
    await audit.close();
  });

  it("recent() reads lines split across chunks, multi-byte characters cut at a chunk edge included", async () => {
    const path = tempFile();
    const audit = await open(path);
    const names = ["Zoë's Park", "駐車場 東", "🚗 Garage 🅿️", "plain", "Ünïcödé ☕"];
    for (const [i, name] of names.entries()) {
      await audit.record({ kind: "outcome", roomId: "r", result: `r${i}`, target: { name } });
      await audit.record({ kind: "request", roomId: "r", text: `é${"—".repeat(i)}` });
    }
    await audit.close();
    const expected = names.map((name, i) => ({ result: `r${i}`, name }));
    // Every chunk size from 1 byte to past the whole file: each cuts lines and characters elsewhere.
    const size = readFileSync(path).length;
    for (let chunkBytes = 1; chunkBytes <= size + 1; chunkBytes += chunkBytes < 64 ? 1 : 37) {
      const reader = await open(path, { scan: { chunkBytes } });
      for (const limit of [1, 3, 5, 9]) {
        const { events, capped } = await reader.recent("outcome", limit);
        expect(events.map((e) => ({ result: e.result, name: e.target?.name }))).toEqual(
          expected.slice(-limit),
        );
        expect(capped).toBe(false);
      }
      await reader.close();
    }
  });

  it("skips a torn last line, and the next line written after it is whole", async () => {
    const path = tempFile();
    const good = { at: "2026-01-01T00:00:00.000Z", kind: "outcome", roomId: "r", result: "deleted" };
    writeFileSync(path, `${JSON.stringify(good)}\n{"at":"2026-01-01T00:01:00.000Z","kind":"outc`);
    const reader = await open(path, { scan: { chunkBytes: 16 } });
    expect((await reader.recent("outcome", 5)).events).toEqual([good]);
    await reader.record({ kind: "outcome", roomId: "r", result: "failed (403)" });
    expect((await reader.recent("outcome", 5)).events.map((e) => e.result)).toEqual([
      "deleted",
      "failed (403)",
    ]);
    await reader.close();
    expect(readFileSync(path, "utf8").split("\n").at(-2)).toMatch(/^\{"at":.*"failed \(403\)"\}$/);
  });

  it("recent() stops at its byte bound and says so; within the bound it says nothing", async () => {
    const path = tempFile();
    const audit = await open(path);
    await audit.record({ kind: "outcome", roomId: "r", result: "deleted" });
    for (let i = 0; i < 100; i++) await audit.record(refusal(i));
    await audit.close();
    const size = readFileSync(path).length;
    const bounded = await open(path, { scan: { chunkBytes: 1000, maxScanBytes: size - 50 } });
    expect(await bounded.recent("outcome", 10)).toEqual({ events: [], capped: true });
    expect(await bounded.recent("refusal", 3)).toMatchObject({ capped: false });
    await bounded.close();
    const enough = await open(path, { scan: { chunkBytes: 1000, maxScanBytes: size } });
    expect(await enough.recent("outcome", 10)).toMatchObject({
      events: [{ result: "deleted" }],
      capped: false,
    });
    await enough.close();
  });

  it("without a file, recent() answers from memory, a bounded number per kind, so a flood of refusals evicts no deletion", async () => {
    const audit = await open(undefined, { memoryPerKind: 20 });
    await audit.record({ kind: "outcome", roomId: "r", result: "deleted" });
    for (let i = 0; i < 1_000; i++) await audit.record(refusal(i));
    expect(await audit.recent("outcome", 10)).toEqual({
      events: [expect.objectContaining({ result: "deleted", at: "1970-01-01T00:00:00.000Z" })],
      capped: false,
    });
    const refusals = (await audit.recent("refusal", 50)).events;
    expect(refusals).toHaveLength(20);
    expect(refusals.at(-1)?.text).toBe("delete park ext 999 at HQ");
    await audit.close();
  });
});
