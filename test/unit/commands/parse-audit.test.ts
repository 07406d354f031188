import { describe, expect, it } from "vitest";
import { isFailedOutcome } from "../../../commands/audit.js";
import { parseAudit } from "../../../commands/parse-audit.js";

describe("parseAudit", () => {
  it.each([
    ["audit", { count: 10 }],
    ["Audit.", { count: 10 }],
    ["audit 20", { count: 20 }],
    ["audit at HQ", { count: 10, locationName: "HQ" }],
    ["audit at HQ Annex", { count: 10, locationName: "HQ Annex" }],
    ['audit at "Stand by Me"', { count: 10, locationName: "Stand by Me" }],
    ["audit by Alice@Acme.example", { count: 10, email: "alice@acme.example" }],
    ["audit failed", { count: 10, failed: true }],
    [
      "audit 20 failed at HQ Annex by alice@acme.example",
      { count: 20, failed: true, locationName: "HQ Annex", email: "alice@acme.example" },
    ],
    [
      "audit by bob@acme.example at Branch Office 5",
      { count: 5, email: "bob@acme.example", locationName: "Branch Office" },
    ],
    ["audit at HQ failed", { count: 10, locationName: "HQ", failed: true }],
  ])("%s", (text, expected) => {
    expect(parseAudit(text)).toEqual({ ok: true, intent: { kind: "audit", ...expected } });
  });

  it.each([
    ["audit 0", /number from 1 to 50/],
    ["audit 51", /number from 1 to 50/],
    ["audit by alice", /isn't an email address/],
    ["audit 5 10", /takes one count/],
    ["audit by a@acme.example by b@acme.example", /takes one person/],
    ["audit everything", /didn't follow "everything"/],
  ])("%s is refused with what to type", (text, error) => {
    const result = parseAudit(text);
    expect(result?.ok).toBe(false);
    expect(result && !result.ok ? result.error : "").toMatch(error);
    expect(result && !result.ok ? result.error : "").toMatch(/audit/);
  });

  it("is not the audit command at all when the text does not start with it", () => {
    expect(parseAudit("auditor")).toBeUndefined();
    expect(parseAudit("delete park ext 1234")).toBeUndefined();
  });
});

describe("isFailedOutcome", () => {
  it.each([
    ["failed (403)", true],
    ["failed", true],
    ["not deleted: changed since the card", true],
    ["not deleted: read failed (503)", true],
    ["deleted", false],
    ["already gone", false],
    ["deleted (first attempt's answer was lost)", false],
    [undefined, false],
  ])("%s → %s", (result, failed) => {
    expect(isFailedOutcome(result)).toBe(failed);
  });
});
