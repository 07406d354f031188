import { AppError } from "../app-error.js";

/** Webex answered, and the answer was an error status. Built only by the HTTP client. */
export class WebexApiError extends AppError {
  readonly status: number;
  readonly method: string;
  /** Path without the query string: query values may name people or orgs, never tokens, but stay out anyway. */
  readonly path: string;
  readonly webexMessage: string | undefined;
  readonly trackingId: string | undefined;
  /** Seconds from Retry-After, when Webex sent one. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * True when an earlier attempt of the same call may have reached Webex (a timeout, a dropped
   * connection, a 502/504): a 404 on a retried DELETE then most likely means our own first try landed.
   */
  readonly afterAmbiguousAttempt: boolean;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    webexMessage?: string | undefined;
    trackingId?: string | undefined;
    retryAfterSeconds?: number | undefined;
    afterAmbiguousAttempt?: boolean;
  }) {
    const detail = init.webexMessage ? `: ${init.webexMessage}` : "";
    super("webex.api", `Webex answered ${init.status} to ${init.method} ${init.path}${detail}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.webexMessage = init.webexMessage;
    this.trackingId = init.trackingId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.afterAmbiguousAttempt = init.afterAmbiguousAttempt ?? false;
  }
}
