import { describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { ALICE } from "./test-org.js";

/**
 * A fetch slower than the attempt timeout is abandoned and retried; when the slow one finally
 * answers too, the framework emits twice for one event. The command must still run once.
 */
describe("an event whose first fetch is too slow", () => {
  const h = useHarness({ app: { retry: { attemptTimeoutMs: 300 } } });

  it("is answered once, though both the slow and the retried fetch succeed", async () => {
    h.emulator.faults.inject({ method: "GET", path: "/messages", delayMs: 900 });
    const before = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "delete park ext 1235 at HQ");
    // Let the slow first fetch land and emit after the retry has been handled.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await h.app.idle();
    const messageReads = h.emulator.requests.filter(
      (r) => r.method === "GET" && r.path.startsWith("/messages/"),
    );
    expect(messageReads.length).toBeGreaterThanOrEqual(2);
    const cards = h
      .botMessages("Alice 1:1")
      .slice(before)
      .filter((m) => (m.attachments?.length ?? 0) > 0);
    expect(cards).toHaveLength(1);
    expect(h.botMessages("Alice 1:1").slice(before)).toHaveLength(1);
  });
});
