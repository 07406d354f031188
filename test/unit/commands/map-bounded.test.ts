import { describe, expect, it } from "vitest";
import { mapBounded } from "../../../commands/map-bounded.js";

describe("mapBounded", () => {
  it("gives the results in the order of the items, whatever order they finish in", async () => {
    const delays = [30, 0, 10];
    const results = await mapBounded(
      delays,
      3,
      (ms) => new Promise<number>((r) => setTimeout(() => r(ms), ms)),
    );
    expect(results).toEqual([30, 0, 10]);
  });

  it("never has more than `concurrency` in flight", async () => {
    let inFlight = 0;
    let most = 0;
    await mapBounded([1, 2, 3, 4, 5, 6], 2, async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(most).toBe(2);
  });

  it("throws the first failure and starts nothing after it", async () => {
    const started: number[] = [];
    await expect(
      mapBounded([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("boom");
        return n;
      }),
    ).rejects.toThrow("boom");
    expect(started).toEqual([1, 2]);
  });
});
