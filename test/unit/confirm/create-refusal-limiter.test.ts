import { describe, expect, it } from "vitest";
import { createRefusalLimiter } from "../../../src/confirm/create-refusal-limiter.js";

const MALLORY = { personId: "PERSON_MALLORY", email: "mallory@example.com" };
const EVE = { personId: "PERSON_EVE", email: "eve@example.com" };

function manualClock(start = 1_700_000_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe("createRefusalLimiter", () => {
  it("answers the first refusal, then none for the rest of the window", () => {
    const limiter = createRefusalLimiter({ clock: manualClock() });
    expect(limiter.admit(MALLORY, "ROOM")).toEqual({ answer: true, closed: [] });
    for (let i = 0; i < 5; i++) expect(limiter.admit(MALLORY, "ROOM")).toEqual({ answer: false, closed: [] });
  });

  it.each<[string, number, boolean]>([
    ["1 ms before the window ends", 29_999, false],
    ["exactly when it ends", 30_000, true],
    ["long after", 3_600_000, true],
  ])("a refusal %s is answered: %s", (_label, advance, expected) => {
    const clock = manualClock();
    const limiter = createRefusalLimiter({ clock });
    limiter.admit(MALLORY, "ROOM");
    clock.t += advance;
    expect(limiter.admit(MALLORY, "ROOM").answer).toBe(expected);
  });

  it("the window is configurable", () => {
    const clock = manualClock();
    const limiter = createRefusalLimiter({ clock, windowMs: 5_000 });
    limiter.admit(MALLORY, "ROOM");
    clock.t += 4_999;
    expect(limiter.admit(MALLORY, "ROOM").answer).toBe(false);
    clock.t += 1;
    expect(limiter.admit(MALLORY, "ROOM").answer).toBe(true);
  });

  it("people and spaces are counted apart", () => {
    const limiter = createRefusalLimiter({ clock: manualClock() });
    expect(limiter.admit(MALLORY, "ROOM_A").answer).toBe(true);
    expect(limiter.admit(MALLORY, "ROOM_B").answer).toBe(true);
    expect(limiter.admit(EVE, "ROOM_A").answer).toBe(true);
    expect(limiter.admit(MALLORY, "ROOM_A").answer).toBe(false);
  });

  it("a closed window with unanswered refusals is reported once, with its count, on the next admit of anyone", () => {
    const clock = manualClock();
    const limiter = createRefusalLimiter({ clock });
    const opened = clock.t;
    limiter.admit(MALLORY, "ROOM");
    for (let i = 0; i < 7; i++) limiter.admit(MALLORY, "ROOM");
    clock.t += 30_000;
    expect(limiter.admit(EVE, "ROOM")).toEqual({
      answer: true,
      closed: [{ ...MALLORY, roomId: "ROOM", count: 7, since: opened }],
    });
    expect(limiter.admit(EVE, "ROOM").closed).toEqual([]);
    expect(limiter.admit(MALLORY, "ROOM")).toEqual({ answer: true, closed: [] });
  });

  it("a closed window keeps the org its space acted on, whichever space's refusal closes it", () => {
    const clock = manualClock();
    const limiter = createRefusalLimiter({ clock });
    limiter.admit(MALLORY, "ROOM_GLOBEX", "ORG_GLOBEX");
    limiter.admit(MALLORY, "ROOM_GLOBEX", "ORG_GLOBEX");
    clock.t += 30_000;
    expect(limiter.admit(EVE, "ROOM_INITECH", "ORG_INITECH").closed).toMatchObject([
      { roomId: "ROOM_GLOBEX", orgId: "ORG_GLOBEX", count: 1 },
    ]);
  });

  it("a window that closes with nothing suppressed reports nothing", () => {
    const clock = manualClock();
    const limiter = createRefusalLimiter({ clock });
    limiter.admit(MALLORY, "ROOM");
    clock.t += 30_000;
    expect(limiter.admit(MALLORY, "ROOM")).toEqual({ answer: true, closed: [] });
  });

  it("only windows that ended are closed; later ones stay open", () => {
    const clock = manualClock();
    const limiter = createRefusalLimiter({ clock });
    limiter.admit(MALLORY, "ROOM");
    limiter.admit(MALLORY, "ROOM");
    clock.t += 10_000;
    limiter.admit(EVE, "ROOM");
    limiter.admit(EVE, "ROOM");
    clock.t += 20_000;
    const { closed } = limiter.admit({ personId: "P3", email: "p3@example.com" }, "ROOM");
    expect(closed.map((w) => w.personId)).toEqual([MALLORY.personId]);
    expect(limiter.admit(EVE, "ROOM").answer).toBe(false);
  });
});
