import { describe, expect, it } from "vitest";
import { createMemoryClaimStore } from "../../../src/confirm/create-memory-claim-store.js";

function manualClock(start = 1_700_000_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe("createMemoryClaimStore", () => {
  it("claims a key once; a second claim is refused", async () => {
    const store = createMemoryClaimStore(manualClock());
    expect(await store.claim("nonce-1", 60_000)).toBe(true);
    expect(await store.claim("nonce-1", 60_000)).toBe(false);
    expect(await store.claim("nonce-1", 60_000)).toBe(false);
  });

  it.each<[string, number, boolean]>([
    ["1 ms before the TTL ends", 59_999, false],
    ["exactly at the TTL", 60_000, true],
    ["well after the TTL", 3_600_000, true],
  ])("after %s the key can be claimed again: %s", async (_label, advance, expected) => {
    const clock = manualClock();
    const store = createMemoryClaimStore(clock);
    expect(await store.claim("nonce-1", 60_000)).toBe(true);
    clock.t += advance;
    expect(await store.claim("nonce-1", 60_000)).toBe(expected);
  });

  it("a re-claim after expiry starts a new TTL", async () => {
    const clock = manualClock();
    const store = createMemoryClaimStore(clock);
    expect(await store.claim("k", 1_000)).toBe(true);
    clock.t += 1_000;
    expect(await store.claim("k", 5_000)).toBe(true);
    clock.t += 4_999;
    expect(await store.claim("k", 5_000)).toBe(false);
    clock.t += 1;
    expect(await store.claim("k", 5_000)).toBe(true);
  });

  it("many keys are independent", async () => {
    const clock = manualClock();
    const store = createMemoryClaimStore(clock);
    const keys = Array.from({ length: 500 }, (_, i) => `nonce-${i}`);
    expect(await Promise.all(keys.map((k) => store.claim(k, 10_000)))).toEqual(keys.map(() => true));
    expect(await Promise.all(keys.map((k) => store.claim(k, 10_000)))).toEqual(keys.map(() => false));
    expect(await store.claim("nonce-new", 10_000)).toBe(true);
  });

  it("concurrent claims of one key: exactly one wins", async () => {
    const store = createMemoryClaimStore(manualClock());
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claim("same", 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("keys with different TTLs expire independently, across sweeps", async () => {
    const clock = manualClock();
    const store = createMemoryClaimStore(clock);
    expect(await store.claim("short", 1_000)).toBe(true);
    expect(await store.claim("long", 100_000)).toBe(true);
    clock.t += 2_000;
    expect(await store.claim("unrelated", 1_000)).toBe(true); // triggers a sweep
    expect(await store.claim("short", 1_000)).toBe(true);
    expect(await store.claim("long", 100_000)).toBe(false);
  });

  it("close forgets every claim", async () => {
    const store = createMemoryClaimStore(manualClock());
    expect(await store.claim("k", 60_000)).toBe(true);
    await store.close();
    expect(await store.claim("k", 60_000)).toBe(true);
  });

  it("set/get: a value reads back until its TTL ends, and a later set replaces it", async () => {
    const clock = manualClock();
    const store = createMemoryClaimStore(clock);
    expect(await store.get("card:n1")).toBeUndefined();
    await store.set("card:n1", "MSG_1", 10_000);
    expect(await store.get("card:n1")).toBe("MSG_1");
    await store.set("card:n1", "MSG_2", 10_000);
    expect(await store.get("card:n1")).toBe("MSG_2");
    clock.t += 9_999;
    expect(await store.get("card:n1")).toBe("MSG_2");
    clock.t += 1;
    expect(await store.get("card:n1")).toBeUndefined();
  });

  it("a claimed key reads back as nothing, and a key that was set cannot be claimed while it lives", async () => {
    const clock = manualClock();
    const store = createMemoryClaimStore(clock);
    expect(await store.claim("k", 10_000)).toBe(true);
    expect(await store.get("k")).toBeUndefined();
    await store.set("v", "x", 10_000);
    expect(await store.claim("v", 10_000)).toBe(false);
    clock.t += 10_000;
    expect(await store.claim("v", 10_000)).toBe(true);
  });
});
