import type { ParkTarget } from "../confirm/card-token.js";

export type AuditKind = "request" | "confirmation" | "cancellation" | "refusal" | "intent" | "outcome";

export interface AuditPerson {
  id: string;
  email: string;
}

/** One line of the audit trail. Never carries a token, a secret or a header. */
export interface AuditEvent {
  kind: AuditKind;
  requester?: AuditPerson;
  confirmer?: AuditPerson;
  orgId?: string | undefined;
  roomId: string;
  target?: Partial<ParkTarget>;
  /** The user's words for a request, escaped of nothing: this is a log, not a message. */
  text?: string;
  result?: string;
  reason?: string;
  trackingId?: string | undefined;
  nonce?: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  close(): Promise<void>;
}
