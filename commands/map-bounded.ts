import { runBatch } from "./run-batch.js";

/**
 * `work` over `items`, at most `concurrency` in flight, the results in the order of `items`: for
 * reads (lookups, listings), which a shutdown need not stop. The first failure stops starting
 * more and is thrown once those in flight have settled, so no call is left running behind it.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  const failed = new AbortController();
  let failure: { err: unknown } | undefined;
  await runBatch(
    items.map((item, index) => ({ item, index })),
    concurrency,
    failed.signal,
    async ({ item, index }) => {
      try {
        results[index] = await work(item);
      } catch (err) {
        failure ??= { err };
        failed.abort();
      }
    },
  );
  if (failure) throw failure.err;
  return results;
}
