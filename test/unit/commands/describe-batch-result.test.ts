import { describe, expect, it } from "vitest";
import { isFailedOutcome } from "../../../commands/audit.js";
import {
  type BatchItemResult,
  countResults,
  describeBatchResult,
  resultOf,
} from "../../../commands/describe-batch-result.js";
import type { ParkTarget } from "../../../commands/park-target.js";
import { WebexApiError } from "../../../src/webex/webex-api-error.js";

const target = (extension: string): ParkTarget => ({
  callParkExtensionId: `CPE_${extension}`,
  locationId: "LOC",
  locationName: "HQ",
  extension,
  name: `Park ${extension}`,
});
const serverError = new WebexApiError({
  status: 500,
  method: "DELETE",
  path: "/telephony/config/locations/LOC/callParkExtensions/CPE",
  webexMessage: "Internal error",
  trackingId: "ROUTER_123",
});

const items: { target: ParkTarget; result: BatchItemResult }[] = [
  { target: target("1001"), result: { kind: "deleted", trackingId: "T1" } },
  { target: target("1002"), result: { kind: "gone" } },
  { target: target("1003"), result: { kind: "changed", now: "1099 (Other)" } },
  { target: target("1004"), result: { kind: "failed", err: serverError } },
  {
    target: target("1005"),
    result: { kind: "skipped", reason: "another request was deleting it at the same moment" },
  },
  { target: target("1006"), result: { kind: "stopped", why: "shutdown" } },
];

describe("describeBatchResult", () => {
  it("gives the counts, then every item not deleted with why and Webex's trackingId", () => {
    const text = describeBatchResult(items, { where: "at **HQ**", groupsUnknown: false });
    expect(text.split("\n")[0]).toBe(
      "Bulk delete at **HQ**, 6 call park extensions: **1 deleted**, 1 already gone, 1 changed since the card (not deleted), **1 failed**, 2 not attempted.",
    );
    expect(text).toContain(
      '- **1004** (Park 1004): Webex answered 500: "Internal error" (Webex trackingId: ROUTER_123)',
    );
    expect(text).toContain("- **1003** (Park 1003) is now 1099 \\(Other\\)");
    expect(text).toContain("- **1005** (Park 1005): another request was deleting it at the same moment");
    expect(text).toMatch(/Not started, because I was shutting down \(ask again for these\):\n- \*\*1006\*\*/);
    expect(text).toMatch(/Already gone .*\n- \*\*1002\*\*/);
  });

  it("details 20 per section and names the rest by number", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      target: target(String(2000 + i)),
      result: { kind: "failed", err: serverError } as BatchItemResult,
    }));
    const text = describeBatchResult(many, { where: "at **HQ**", groupsUnknown: false });
    expect(text.match(/^- \*\*20/gm)).toHaveLength(20);
    expect(text).toContain("- …and 5 more: 2020, 2021, 2022, 2023, 2024");
  });

  it("says when Undo cannot put extensions back in their groups", () => {
    const text = describeBatchResult(items.slice(0, 1), { where: "at **HQ**", groupsUnknown: true });
    expect(text).toMatch(/Undo may not put those extensions back in every group they were in/);
  });
});

describe("resultOf and countResults", () => {
  it("records a result `audit failed` finds for every item that was not deleted for a fault", () => {
    const results = items.map((i) => resultOf(i.result).result);
    expect(results).toEqual([
      "deleted",
      "already gone",
      "not deleted: changed since the card",
      "failed (500)",
      "not deleted: another request was deleting it at the same moment",
      "not deleted: the bot was stopping",
    ]);
    expect(results.map(isFailedOutcome)).toEqual([false, false, true, true, true, true]);
    expect(resultOf(items[3]?.result as BatchItemResult).trackingId).toBe("ROUTER_123");
  });

  it("counts each kind", () => {
    expect(countResults(items.map((i) => i.result))).toEqual({
      deleted: 1,
      "already gone": 1,
      changed: 1,
      failed: 1,
      skipped: 1,
      "not started": 1,
    });
  });
});
