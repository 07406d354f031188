import { AppError } from "../app-error.js";

/** Webex could not be reached, or did not answer in time. Built only by the HTTP client. */
export class WebexNetworkError extends AppError {
  readonly method: string;
  readonly path: string;

  constructor(init: { method: string; path: string; reason: string; cause?: unknown }) {
    super("webex.network", `Could not reach Webex for ${init.method} ${init.path}: ${init.reason}`, {
      cause: init.cause,
    });
    this.method = init.method;
    this.path = init.path;
  }
}
