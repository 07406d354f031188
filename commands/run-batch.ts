export interface BatchRun<T, R> {
  /** Each started item with its result, in the order they finished. */
  done: { item: T; result: R }[];
  /** Items never started because `stop` was aborted first. */
  notStarted: T[];
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight. Once `stop` is aborted no new item
 * starts; those in flight finish. `work` must not throw: a failure is a result like any other, so
 * one bad item never stops the rest or loses their reports.
 */
export async function runBatch<T, R>(
  items: readonly T[],
  concurrency: number,
  stop: AbortSignal,
  work: (item: T) => Promise<R>,
  onDone?: (item: T, result: R) => void,
): Promise<BatchRun<T, R>> {
  const done: { item: T; result: R }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop.aborted) {
      const item = items[next++] as T;
      const result = await work(item);
      done.push({ item, result });
      onDone?.(item, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return { done, notStarted: items.slice(next) };
}
