export type AuditKind = "request" | "confirmation" | "cancellation" | "refusal" | "intent" | "outcome";

/** What an event is about: a call park extension, or as much of one as was known. */
export interface AuditTarget {
  callParkExtensionId?: string;
  locationId?: string;
  locationName?: string;
  extension?: string;
  name?: string;
}

export interface AuditBatch {
  id: string;
  /** On the summary line: how many items the batch had, where, and how each ended. */
  items?: number;
  where?: string;
  counts?: Record<string, number>;
}

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
  /** The request's thread (intents): where a restart reports what became of an interrupted delete. */
  threadId?: string;
  target?: AuditTarget;
  /** For a card press: the id of the action its button asked for. */
  action?: string;
  /** The user's words for a request, escaped of nothing: this is a log, not a message. */
  text?: string;
  result?: string;
  reason?: string;
  /** For a refusal of a person: the rule that refused them (allowlist, org, role). */
  rule?: "allowlist" | "org" | "role";
  /** For a request or a press let through: the rules that admitted the person. */
  admittedBy?: string | undefined;
  trackingId?: string | undefined;
  nonce?: string;
  /**
   * For the items of a bulk delete or an Undo: the batch they belong to (its card's nonce). The
   * batch's own summary line carries `items`, `where` and the `counts` of its results too.
   */
  batch?: AuditBatch;
  /** For a line that stands for several refusals left unanswered (rate limit): how many. */
  suppressed?: number;
  /** When it happened (ISO 8601); added by the log. */
  at?: string;
}

export interface RecentAuditEvents {
  /** Oldest first. */
  events: AuditEvent[];
  /** The search stopped at its bound before the trail's start: older events may exist. */
  capped: boolean;
}

export interface AuditLog {
  /** Resolves once the event is durable (on disk, when there is a file). */
  record(event: AuditEvent): Promise<void>;
  /**
   * The last `limit` events of one kind (and, with `where`, only those it accepts), however much
   * else was written after them: from the Redis stream every instance writes to when there is one,
   * else from the file, else from the last events of that kind kept in memory.
   */
  recent(kind: AuditKind, limit: number, where?: (event: AuditEvent) => boolean): Promise<RecentAuditEvents>;
  close(): Promise<void>;
}
