import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";

/** ` (Webex trackingId: …)`, or nothing: what support needs to find a call, said after a result. */
export function trackingSuffix(trackingId: string | undefined): string {
  return trackingId ? ` (Webex trackingId: ${trackingId})` : "";
}

/** The trackingId of a Webex answer an error carries, if any. */
export function trackingIdOf(err: unknown): string | undefined {
  return err instanceof WebexApiError ? err.trackingId : undefined;
}

/**
 * `: "<Webex's message>"`, or nothing: Webex's own words for a refusal, cut to `max`, stripped of
 * what could make a link or a mention and escaped for markdown.
 */
export function quotedWebexMessage(err: WebexApiError, max: number): string {
  return err.webexMessage ? `: "${escapeMarkdown(err.webexMessage.replace(/[`<>[\]]/g, ""), max)}"` : "";
}
