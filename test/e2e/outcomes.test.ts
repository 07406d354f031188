import { beforeEach, describe, expect, it } from "vitest";
import type { Message } from "../../src/emulator/api-shapes.js";
import { useHarness } from "./harness.js";
import {
  auditLines,
  deleteBehindTheBotsBack,
  expectNoStackTrace,
  parkDeletes,
  quotedTrackingId,
  requestMessage,
} from "./support.js";
import { ALICE } from "./test-org.js";

// Every outcome of the DELETE is one clear sentence in the request's thread, with
// Webex's trackingId where there is one. Faults are injected on the emulator's DELETE route.
const DELETE_ROUTE = /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/[^/]+$/;

describe("outcomes of a confirmed delete", () => {
  const h = useHarness();
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
  });

  /** Asks for 1234 at HQ, then presses Confirm; returns the one reply posted after the click. */
  async function confirmAndGetReply(beforeClick?: () => void | Promise<void>): Promise<Message> {
    const typed = "delete park ext 1234 at HQ";
    await h.say(ALICE, "Voice Admins", typed);
    const card = h.lastCard("Voice Admins");
    const request = requestMessage(h, "Voice Admins", typed);
    await beforeClick?.();
    const seen = new Set(h.botMessages("Voice Admins").map((m) => m.id));
    await h.press(ALICE, card.id, 0);
    // The card is retired whatever the outcome.
    expect(h.emulator.message(card.id)).toBeUndefined();
    const replies = h.botMessages("Voice Admins").filter((m) => !seen.has(m.id));
    expect(replies).toHaveLength(1);
    const reply = replies[0];
    if (!reply) throw new Error("no reply");
    expect(reply.parentId).toBe(request.id);
    expectNoStackTrace(reply.text);
    return reply;
  }

  /** The TrackingIDs the emulator sent on the bot's DELETE attempts (not on deletes made by the test). */
  function deleteTrackingIds(): string[] {
    // Answers only: a dropped connection (status 0) sent no TrackingID to quote.
    return h.emulator.requests
      .filter((r) => r.method === "DELETE" && DELETE_ROUTE.test(r.path) && r.status !== 0)
      .map((r) => r.trackingId ?? "");
  }

  /** The reply quotes exactly the trackingId Webex (the emulator) sent on that attempt. */
  function expectQuotes(reply: Message, trackingId: string | undefined): void {
    expect(trackingId).toMatch(/^EMULATOR_[\w-]+$/);
    expect(quotedTrackingId(reply.text)).toBe(trackingId);
  }

  function outcome(): Record<string, unknown> | undefined {
    return auditLines(h, "outcome").at(-1);
  }

  it("204 → deleted, with the trackingId", async () => {
    const reply = await confirmAndGetReply();
    expect(reply.text).toMatch(/^Deleted call park extension 1234 \(Lobby Park\) at HQ\./);
    const deletes = parkDeletes(h);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.status).toBe(204);
    expect(deletes[0]?.auth).toBe("admin");
    expectQuotes(reply, deleteTrackingIds()[0]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(outcome()).toMatchObject({ result: "deleted", trackingId: deleteTrackingIds()[0] });
  });

  it("404, deleted behind the bot's back between card and click → 'already gone'", async () => {
    const reply = await confirmAndGetReply(() => deleteBehindTheBotsBack(h, "HQ", "1234"));
    expect(reply.text).toMatch(/no longer exists/);
    expect(reply.text).toMatch(/already deleted/);
    expect(reply.text).not.toMatch(/^Deleted/);
    const deletes = parkDeletes(h);
    // The test's own DELETE only: the bot's read by id before deleting answered 404, so it sent none.
    expect(deletes.map((d) => d.status)).toEqual([204]);
    const botRead = h.emulator.requests.filter((r) => r.method === "GET" && DELETE_ROUTE.test(r.path)).at(-1);
    expect(botRead?.status).toBe(404);
    expectQuotes(reply, botRead?.trackingId);
    expect(outcome()).toMatchObject({ result: "already gone", trackingId: botRead?.trackingId });
  });

  it("404 injected on the DELETE → 'already gone', nothing else happens", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 404 }),
    );
    expect(reply.text).toMatch(/no longer exists/);
    expect(parkDeletes(h)).toHaveLength(1);
    expectQuotes(reply, deleteTrackingIds()[0]);
  });

  it("401 → the admin token is invalid or expired; not retried; nothing deleted", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 401 }),
    );
    expect(reply.text).toMatch(/admin token is invalid or has expired/);
    expect(reply.text).toMatch(/Nothing was deleted/);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expectQuotes(reply, deleteTrackingIds()[0]);
    expect(outcome()).toMatchObject({ result: "failed (401)" });
  });

  it("403 → names the scope spark-admin:telephony_config_write", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 403 }),
    );
    expect(reply.text).toContain("spark-admin:telephony_config_write");
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expectQuotes(reply, deleteTrackingIds()[0]);
  });

  it("409 → a conflict, with Webex's message; not retried", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 409 }),
    );
    expect(reply.text).toMatch(/conflict/i);
    expect(reply.text).toContain("conflicts with some established rule of the system");
    expect(reply.text).toMatch(/Nothing was deleted/);
    expect(parkDeletes(h)).toHaveLength(1);
    expectQuotes(reply, deleteTrackingIds()[0]);
  });

  it("423 → retried up to maxAttempts (4), then 'locked' with Webex's message", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({
        method: "DELETE",
        path: DELETE_ROUTE,
        status: 423,
        retryAfter: 0,
        times: 4,
      }),
    );
    expect(reply.text).toMatch(/locked/);
    expect(reply.text).toContain("temporarily unavailable");
    const deletes = parkDeletes(h);
    expect(deletes).toHaveLength(4);
    expect(deletes.every((d) => d.status === 423)).toBe(true);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expectQuotes(reply, deleteTrackingIds().at(-1));
  });

  it("423 once, then success → deleted after one retry", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 423, retryAfter: 0 }),
    );
    expect(reply.text).toMatch(/^Deleted call park extension 1234/);
    expect(parkDeletes(h).map((d) => d.status)).toEqual([423, 204]);
  });

  it("429 (Retry-After: 0) then success → exactly 2 DELETEs, extension gone, success reply", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 429, retryAfter: 0 }),
    );
    expect(reply.text).toMatch(/^Deleted call park extension 1234 \(Lobby Park\) at HQ/);
    expect(parkDeletes(h).map((d) => d.status)).toEqual([429, 204]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expectQuotes(reply, deleteTrackingIds()[1]);
  });

  it("429 every time → gives up with a rate-limit sentence", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({
        method: "DELETE",
        path: DELETE_ROUTE,
        status: 429,
        retryAfter: 0,
        times: 10,
      }),
    );
    expect(reply.text).toMatch(/rate-limiting/);
    expect(parkDeletes(h)).toHaveLength(4);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });

  it("503 then success → retried, deleted", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 503 }),
    );
    expect(reply.text).toMatch(/^Deleted call park extension 1234/);
    expect(parkDeletes(h).map((d) => d.status)).toEqual([503, 204]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });

  it("503 every time → 'Webex had a problem', with the trackingId", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 503, times: 4 }),
    );
    expect(reply.text).toMatch(/Webex had a problem \(503\)/);
    expect(parkDeletes(h)).toHaveLength(4);
    expectQuotes(reply, deleteTrackingIds().at(-1));
  });

  it("network error on every attempt → says it may or may not have happened", async () => {
    const reply = await confirmAndGetReply(() =>
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, drop: true, times: 4 }),
    );
    expect(reply.text).toMatch(/may or may not have happened/);
    expect(reply.text).not.toMatch(/Nothing was deleted/);
    const deletes = parkDeletes(h);
    expect(deletes).toHaveLength(4);
    expect(deletes.every((d) => d.status === 0)).toBe(true);
    expect(outcome()).toMatchObject({ result: "failed" });
  });

  it("a 502 (may have landed) whose retry gets 404 → reported as deleted, not as a failure", async () => {
    // A 502 may come after the upstream acted: the extension is gone when the retry arrives.
    const reply = await confirmAndGetReply(() => {
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 502 });
      h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 404 });
    });
    expect(reply.text).toMatch(/^Deleted call park extension 1234/);
    expect(parkDeletes(h).map((d) => d.status)).toEqual([502, 404]);
  });

  it("a failing lookup (the list call answers 500 every time) → one sentence, no card, nothing deleted", async () => {
    h.emulator.faults.inject({
      method: "GET",
      path: "/telephony/config/callParkExtensions",
      status: 500,
      times: 10,
    });
    const before = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const replies = h.botMessages("Alice 1:1").slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.attachments).toBeUndefined();
    expect(replies[0]?.text).toMatch(/Webex/);
    expect(replies[0]?.text).toMatch(/trackingId: EMULATOR_/);
    expectNoStackTrace(replies[0]?.text ?? "");
    expect(parkDeletes(h)).toHaveLength(0);
  });
});
