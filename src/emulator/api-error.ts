/**
 * An error the emulator answers with, in Webex's error shape. Thrown anywhere below the API
 * router; one handler turns it into `{ message, errors: [{ description }], trackingId }`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly description: string;
  /** `errors[0].errorCode`, which telephony APIs set (notes §4); omitted when not given. */
  readonly errorCode: number | undefined;
  /** Extra response headers, e.g. `Retry-After` on an injected 429. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: { description?: string; errorCode?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.description = options.description ?? message;
    this.errorCode = options.errorCode;
    this.headers = options.headers ?? {};
  }
}

/** The body Webex sends with every error (schema `ErrorResponse`); clients log `trackingId`. */
export type WebexErrorBody = {
  message: string;
  errors: { description: string; errorCode?: number }[];
  trackingId: string;
};

export function webexErrorBody(
  message: string,
  description: string,
  trackingId: string,
  errorCode?: number,
): WebexErrorBody {
  return {
    message,
    errors: [errorCode === undefined ? { description } : { description, errorCode }],
    trackingId,
  };
}

/** Short reason phrases for statuses the emulator produces on its own (faults, fallbacks). */
export function statusMessage(status: number): string {
  const messages: Record<number, string> = {
    400: "The request was invalid or cannot be otherwise served.",
    401: "The request requires a valid access token set in the Authorization request header.",
    403: "The request is understood, but it has been refused or access is not allowed.",
    404: "The requested resource could not be found.",
    409: "The request could not be processed because it conflicts with some established rule of the system.",
    423: "The requested resource is temporarily unavailable.",
    429: "Too many requests have been sent in a given amount of time and the request has been rate limited.",
    500: "Something went wrong on the server.",
    502: "The server received an invalid response from an upstream server while processing the request.",
    503: "Server is overloaded with requests. Try again later.",
    504: "An upstream server failed to respond on time.",
  };
  return messages[status] ?? `HTTP ${status}`;
}
