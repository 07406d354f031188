/**
 * Single-use keys with a lifetime: card nonces and webhook event ids. `claim` is atomic: of any
 * number of concurrent calls for one key, on any instance sharing the store, exactly one gets true.
 */
export interface ClaimStore {
  claim(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}
