import type { Clock } from "../clock.js";

/** Refusals of one person in one space that were not answered, reported once their window closed. */
export interface SuppressedRefusals {
  personId: string;
  email: string;
  roomId: string;
  /** The org the space acted on when the window opened (WEBEX_ORG_SPACES: spaces act on different orgs). */
  orgId?: string | undefined;
  /** How many refusals went unanswered. */
  count: number;
  /** When the window opened (the answered refusal), ms since the epoch. */
  since: number;
}

export interface RefusalDecision {
  /** True: answer (reply and audit) this refusal; false: count it and stay quiet. */
  answer: boolean;
  /** Windows, of anyone, that closed with refusals left unanswered; each is reported exactly once. */
  closed: SuppressedRefusals[];
}

export interface RefusalLimiter {
  admit(who: { personId: string; email: string }, roomId: string, orgId?: string): RefusalDecision;
}

export interface RefusalLimiterOptions {
  clock: Clock;
  /** How long after an answered refusal the same person in the same space gets no answer (ms). Default 30 s. */
  windowMs?: number;
}

/**
 * Answers one person at most once per window per space. A refusal costs the bot a message (its
 * rate limit, the space's patience) and an audit line, and a non-admin can trigger them at will,
 * by typing or by forging button presses; the rest of the window is counted, not answered.
 *
 * In memory, per instance, on purpose: this bounds noise and never grants anything, so N instances
 * answering a person up to N times per window is harmless, and a Redis round trip per refusal is not
 * worth it. Memory holds one entry per person and space refused within the last window.
 */
export function createRefusalLimiter(options: RefusalLimiterOptions): RefusalLimiter {
  const windowMs = options.windowMs ?? 30_000;
  /** Insertion order is opening order (an entry is re-inserted when its window reopens): oldest first. */
  const windows = new Map<string, SuppressedRefusals>();

  function closeEnded(now: number): SuppressedRefusals[] {
    const closed: SuppressedRefusals[] = [];
    for (const [key, window] of windows) {
      if (now - window.since < windowMs) break;
      windows.delete(key);
      if (window.count > 0) closed.push(window);
    }
    return closed;
  }

  return {
    admit: (who, roomId, orgId) => {
      const now = options.clock.now();
      const closed = closeEnded(now);
      const key = `${roomId}\n${who.personId}`;
      const open = windows.get(key);
      if (open) {
        open.count += 1;
        return { answer: false, closed };
      }
      windows.set(key, { personId: who.personId, email: who.email, roomId, orgId, count: 0, since: now });
      return { answer: true, closed };
    },
  };
}
