/**
 * Stable string codes for every error the bot raises itself. Codes, not classes, are what callers
 * switch on (Slack Bolt's error catalogue), so adding a code is a compile error wherever a switch
 * over `AppErrorCode` must handle it.
 */
export type AppErrorCode =
  | "config.invalid"
  | "webex.api"
  | "webex.network"
  | "webex.bad-response"
  | "webhook.bad-signature"
  | "webhook.bad-body";

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
