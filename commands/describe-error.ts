import { AppError } from "../src/app-error.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import { WebexNetworkError } from "../src/webex/webex-network-error.js";
import { trackingSuffix } from "./webex-answer-words.js";

export interface ErrorSituation {
  /** What the bot was doing, for the sentence: "look up extension 1234", "delete extension 1234 at HQ". */
  doing: string;
  /** True when the failed call could have changed something (a DELETE): then "nothing changed" is not ours to say. */
  mutating: boolean;
}

/**
 * The one place an error becomes what the user reads in the space: one sentence that says what
 * happened, whether anything changed, and what to do, with Webex's trackingId when it sent one.
 * Never includes a token, a header or a stack trace.
 */
export function describeError(err: unknown, situation: ErrorSituation): string {
  const { doing, mutating } = situation;
  const unchanged = mutating ? " Nothing was deleted." : "";
  if (err instanceof WebexApiError) {
    const tracking = trackingSuffix(err.trackingId);
    const said = err.webexMessage ? ` Webex said: "${err.webexMessage.replace(/[`<>[\]]/g, "")}".` : "";
    const telephony = err.path.startsWith("/telephony") || err.path.startsWith("/locations");
    switch (err.status) {
      case 401:
        return telephony
          ? `I couldn't ${doing}: my Webex admin token is invalid or has expired — an org admin must renew it.${unchanged}${tracking}`
          : `I couldn't ${doing}: my Webex bot token was refused — the bot's owner must check it.${tracking}`;
      case 403:
        return telephony
          ? `I couldn't ${doing}: Webex refused the admin token. It needs the spark-admin:telephony_config_write scope (read for lookups), and its admin needs rights at that location.${unchanged}${tracking}`
          : `I couldn't ${doing}: Webex refused the bot (403).${tracking}`;
      case 404:
        return `I couldn't ${doing}: Webex says it no longer exists — maybe it was already deleted.${tracking}`;
      case 409:
        return `I couldn't ${doing}: Webex reported a conflict.${said}${unchanged}${tracking}`;
      case 423:
        return `I couldn't ${doing}: Webex says it is locked right now; try again in a minute.${said}${unchanged}${tracking}`;
      case 429: {
        const wait =
          err.retryAfterSeconds !== undefined
            ? ` Try again in ${err.retryAfterSeconds} s.`
            : " Try again in a minute.";
        return `I couldn't ${doing}: Webex is rate-limiting me and I gave up after retrying.${unchanged}${wait}${tracking}`;
      }
      case 502:
      case 504:
        return mutating
          ? `I couldn't confirm that I managed to ${doing}: Webex had a gateway problem (${err.status}). It may or may not have happened — ask me again to check.${tracking}`
          : `I couldn't ${doing}: Webex had a gateway problem (${err.status}); try again shortly.${tracking}`;
      default:
        if (err.status >= 500) {
          return `I couldn't ${doing}: Webex had a problem (${err.status}); try again shortly.${unchanged}${tracking}`;
        }
        return `I couldn't ${doing}: Webex rejected the request (${err.status}).${said}${unchanged}${tracking}`;
    }
  }
  if (err instanceof WebexNetworkError) {
    return mutating
      ? `I couldn't reach Webex to ${doing} (${err.reason}). It may or may not have happened — ask me again to check.`
      : `I couldn't reach Webex to ${doing}; try again shortly.`;
  }
  if (err instanceof AppError && err.code === "webex.bad-response") {
    return `I couldn't ${doing}: Webex answered in a way I don't understand. It has been logged.${unchanged}`;
  }
  return `Something went wrong on my side while trying to ${doing}. It has been logged.${unchanged}`;
}
