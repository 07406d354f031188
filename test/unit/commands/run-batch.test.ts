import { describe, expect, it } from "vitest";
import { runBatch } from "../../../commands/run-batch.js";

/** A worker whose items finish only when the test says so. */
function heldWork() {
  const pending = new Map<number, () => void>();
  let inFlight = 0;
  let most = 0;
  const work = (item: number) =>
    new Promise<string>((resolve) => {
      inFlight++;
      most = Math.max(most, inFlight);
      pending.set(item, () => {
        inFlight--;
        resolve(`done ${item}`);
      });
    });
  const finish = async (item: number) => {
    pending.get(item)?.();
    pending.delete(item);
    await new Promise((r) => setImmediate(r));
  };
  return { work, finish, pending, most: () => most };
}

describe("runBatch", () => {
  it("never has more than `concurrency` items in flight, and runs every item once", async () => {
    const held = heldWork();
    const items = [1, 2, 3, 4, 5, 6, 7];
    const run = runBatch(items, 3, new AbortController().signal, held.work);
    await new Promise((r) => setImmediate(r));
    expect([...held.pending.keys()]).toEqual([1, 2, 3]);
    for (const item of items) await held.finish(item);
    const result = await run;
    expect(held.most()).toBe(3);
    expect(result.done.map((d) => d.item).sort()).toEqual(items);
    expect(result.notStarted).toEqual([]);
  });

  it("starts nothing new once stopped, finishes what is in flight, and returns the rest unstarted", async () => {
    const held = heldWork();
    const stop = new AbortController();
    const run = runBatch([1, 2, 3, 4, 5], 2, stop.signal, held.work);
    await new Promise((r) => setImmediate(r));
    stop.abort();
    await held.finish(1);
    await held.finish(2);
    const result = await run;
    expect(result.done.map((d) => d.result)).toEqual(["done 1", "done 2"]);
    expect(result.notStarted).toEqual([3, 4, 5]);
  });

  it("reports each result as it finishes", async () => {
    const seen: number[] = [];
    await runBatch(
      [1, 2],
      1,
      new AbortController().signal,
      async (n) => n * 10,
      (item) => seen.push(item),
    );
    expect(seen).toEqual([1, 2]);
  });
});
