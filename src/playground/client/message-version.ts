// Browser module, also unit-tested under Node: no DOM, no imports but types.
import type { PlaygroundMessage } from "../build-playground-state.js";

/**
 * What a rendered message shows, as one string: the page redraws a message when it changes. An
 * edit sets `updated`, but two edits within one millisecond (the bot's last progress edit and its
 * "finished", back to back) carry the same timestamp, so the text is part of it too. Cards are not
 * in it: Webex does not edit a message with attachments.
 */
export function messageVersion(message: PlaygroundMessage, isRoot: boolean): string {
  return JSON.stringify([message.updated ?? message.created, isRoot, message.text, message.markdown ?? null]);
}
