import type { AuditEvent } from "../src/audit/audit-log.js";
import type { Services } from "./command.js";

/**
 * A refusal: audited and answered at most once per window per person and space
 * (services.refusals); the rest of the window is counted, not answered and not audited one by one,
 * so neither the space nor the audit trail can be flooded by someone the bot refuses. Each window
 * that closed with refusals left unanswered becomes one counted audit line ("suppressed N"), so the
 * trail still shows that they happened, who, where, and how many.
 */
export async function answerRefusal(
  services: Services,
  refused: { personId: string; email: string },
  roomId: string,
  event: AuditEvent,
  answer: () => Promise<unknown>,
): Promise<void> {
  const decision = services.refusals.admit(refused, roomId, services.actingOrgId);
  const summaries = decision.closed.map((window) =>
    services.audit.record({
      kind: "refusal",
      requester: { id: window.personId, email: window.email },
      // The window's own org: it may have closed during a refusal in a space of another org.
      orgId: window.orgId,
      roomId: window.roomId,
      reason: `suppressed ${window.count} more refusal(s) since ${new Date(window.since).toISOString()}`,
      suppressed: window.count,
    }),
  );
  const records = decision.answer ? [...summaries, services.audit.record(event)] : summaries;
  // A trail that cannot be written (Redis away) must not silence the refusal itself.
  for (const result of await Promise.allSettled(records)) {
    if (result.status === "rejected")
      services.logger.error({ err: result.reason }, "could not audit a refusal");
  }
  if (decision.answer) await answer();
}
