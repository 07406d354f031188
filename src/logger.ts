import { type DestinationStream, pino } from "pino";
import { safeError } from "./safe-error.js";

export type Logger = pino.Logger;

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * JSON lines on stdout (or `destination`). No code path logs a token, but pino's redaction is a
 * second lock on the door: any field with one of these names is censored wherever it appears.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "park-bot" },
      serializers: { err: safeError, error: safeError },
      redact: {
        paths: [
          "authorization",
          "Authorization",
          "*.authorization",
          "*.Authorization",
          "headers.authorization",
          "headers.Authorization",
          "*.headers.authorization",
          "*.headers.Authorization",
          "*.*.headers.authorization",
          "token",
          "*.token",
          "secret",
          "*.secret",
          "accessToken",
          "refreshToken",
          "clientSecret",
        ],
        censor: "[redacted]",
      },
    },
    // Stdout through an async buffer (flushed on exit): a synchronous write per line was a tenth
    // of the bot's CPU per flow. Audit lines do not depend on it: the audit file is fsync'd.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
