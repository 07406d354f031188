/**
 * Keys with a lifetime, shared by every instance that shares the store: single-use card nonces and
 * webhook event ids (`claim`), and small facts about a card, such as the message it was posted in
 * (`set`/`get`). `claim` is atomic: of any number of concurrent calls for one key, on any instance
 * sharing the store, exactly one gets true. A key that was `set` cannot be claimed while it lives.
 */
export interface ClaimStore {
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** What `set` stored under `key`, while it lives; undefined otherwise (and for a claimed key). */
  get(key: string): Promise<string | undefined>;
  close(): Promise<void>;
  /**
   * False while a shared store is out of reach (claims then fail): /readyz says 503 and an event
   * is answered with "nothing was done". Absent: always reachable (in memory).
   */
  isReachable?(): boolean;
}
