import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryClaimStore } from "../../../src/confirm/create-memory-claim-store.js";
import { stash, unstash } from "../../../src/confirm/stash.js";

const schema = z.array(z.object({ id: z.string() }));

describe("stash / unstash", () => {
  it("reads back what was stashed, under the hash it returned", async () => {
    const store = createMemoryClaimStore({ now: () => 1_000 });
    const hash = await stash(store, [{ id: "a" }, { id: "b" }], 60_000);
    expect(hash).toBe(createHash("sha256").update('[{"id":"a"},{"id":"b"}]').digest("base64url"));
    expect(await unstash(store, hash, schema)).toEqual([{ id: "a" }, { id: "b" }]);
  });

  it("refuses a value changed in the store: the hash no longer matches", async () => {
    const store = createMemoryClaimStore({ now: () => 1_000 });
    const hash = await stash(store, [{ id: "a" }], 60_000);
    await store.set(`stash:${hash}`, '[{"id":"mallory"}]', 60_000);
    expect(await unstash(store, hash, schema)).toBeUndefined();
  });

  it("is gone once its lifetime ends", async () => {
    let now = 1_000;
    const store = createMemoryClaimStore({ now: () => now });
    const hash = await stash(store, [{ id: "a" }], 5_000);
    now += 5_000;
    expect(await unstash(store, hash, schema)).toBeUndefined();
  });

  it("refuses a value that does not fit the schema", async () => {
    const store = createMemoryClaimStore({ now: () => 1_000 });
    const hash = await stash(store, [{ name: "no id" }], 60_000);
    expect(await unstash(store, hash, schema)).toBeUndefined();
  });
});
