import { describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { auditLines } from "./support.js";
import { RITA } from "./test-org.js";

// A file of its own: the framework's SDK takes one API URL per process, so one harness per file.
describe("REQUIRE_WEBEX_ADMIN=false", () => {
  const h = useHarness({ config: { requireWebexAdmin: false } });

  it("the allowlist alone decides: a Read-only Administrator on it deletes, with no role read", async () => {
    await h.say(RITA, "Voice Admins", "delete park ext 1234 at HQ");
    await h.press(RITA, h.lastCard("Voice Admins").id, "Delete 1234");
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(
      h.emulator.requests.filter((r) => /^\/people\/(?!me$)/.test(r.path) && r.auth === "admin"),
    ).toEqual([]);
    expect(auditLines(h, "request").at(-1)).toMatchObject({ admittedBy: "allowlist" });
  });
});
