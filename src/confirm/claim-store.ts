/**
 * Single-use keys with a lifetime: card nonces and webhook event ids. `claim` is atomic: of any
 * number of concurrent calls for one key, on any instance sharing the store, exactly one gets true.
 */
export interface ClaimStore {
  claim(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
  /**
   * False while a shared store is out of reach (claims then fail): /readyz says 503 and an event
   * is answered with "nothing was done". Absent: always reachable (in memory).
   */
  isReachable?(): boolean;
}
