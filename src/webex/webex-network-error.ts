import { AppError } from "../app-error.js";

/** Webex could not be reached, or did not answer in time. Built only by the HTTP client. */
export class WebexNetworkError extends AppError {
  readonly method: string;
  readonly path: string;
  /** A short code (`ECONNRESET`, `timed out`); free text from below is not kept. */
  readonly reason: string;

  constructor(init: { method: string; path: string; reason: string; cause?: unknown }) {
    const reason = /^[A-Z0-9_]{2,40}$|^timed out$/.test(init.reason) ? init.reason : "network error";
    super("webex.network", `Could not reach Webex for ${init.method} ${init.path}: ${reason}`, {
      cause: init.cause,
    });
    this.reason = reason;
    this.method = init.method;
    this.path = init.path;
  }
}
