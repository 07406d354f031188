import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAuditLog } from "../../../src/audit/create-audit-log.js";
import { createLogger } from "../../../src/logger.js";

describe("createAuditLog", () => {
  it("writes every one of many concurrent records, in order, each resolved only once it is in the file", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const audit = await createAuditLog({ logger: createLogger("silent"), clock: { now: () => 0 }, path });
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
    const path = join(mkdtempSync(join(tmpdir(), "audit-")), "audit.jsonl");
    const audit = await createAuditLog({ logger: createLogger("silent"), clock: { now: () => 0 }, path });
    for (let i = 0; i < 5; i++) {
      await audit.record({ kind: "outcome", roomId: "r", result: `r${i}` });
      await audit.record({ kind: "request", roomId: "r" });
    }
    expect((await audit.recent("outcome", 2)).map((e) => e.result)).toEqual(["r3", "r4"]);
    await audit.close();
  });
});
