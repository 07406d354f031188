import { MAX_MESSAGE_EDITS } from "../src/webex/create-messaging-api.js";
import type { Services } from "./command.js";

/** At most one edit per this many ms: the "at most once every 2 s", and Webex caps edits. */
export const PROGRESS_EDIT_INTERVAL_MS = 2_000;

export interface ProgressMessage {
  /**
   * Asks for the text to be shown; edits at most every PROGRESS_EDIT_INTERVAL_MS, never
   * concurrently, and not before the message is posted.
   */
  update(markdown: string): void;
  /** The last edit, whatever the interval; resolves when it is done (or failed: it never throws). */
  finish(markdown: string): Promise<void>;
  /** Settles once the message is posted (or its post failed): what follows it in the thread waits for this. */
  posted: Promise<void>;
}

/**
 * One text message in the thread, edited in place as a batch runs (Webex edits text messages, not
 * cards). Webex allows 10 edits per message, so updates keep one back for `finish`. A failed post
 * or edit is logged and the batch goes on: progress is a courtesy, the summary is the record.
 */
export function createProgressMessage(
  services: Services,
  place: { roomId: string; threadId: string },
  first: string,
): ProgressMessage {
  let messageId: string | undefined;
  // Not awaited: nothing in the batch needs the message, so the first delete need not wait for it.
  const posted = services.messaging
    .post({ roomId: place.roomId, parentId: place.threadId, markdown: first })
    .then(
      (message) => {
        messageId = message.id;
      },
      (err: unknown) =>
        services.logger.warn({ err }, "could not post the progress message; the summary will follow"),
    );
  let edits = 0;
  let lastEditAt = services.clock.now();
  let shown = first;
  let wanted = first;
  let editing: Promise<void> = Promise.resolve();
  let busy = false;
  let finished = false;

  const edit = (markdown: string): Promise<void> => {
    if (messageId === undefined || markdown === shown) return Promise.resolve();
    const id = messageId;
    edits++;
    lastEditAt = services.clock.now();
    shown = markdown;
    return services.messaging.edit(id, place.roomId, markdown).catch((err: unknown) => {
      services.logger.warn({ err }, "could not update the progress message");
    });
  };

  return {
    posted,
    update: (markdown) => {
      wanted = markdown;
      if (busy || finished || edits >= MAX_MESSAGE_EDITS - 1) return;
      if (services.clock.now() - lastEditAt < PROGRESS_EDIT_INTERVAL_MS) return;
      // One edit at a time: the next waits for this one and for the interval after it.
      busy = true;
      editing = edit(wanted).finally(() => {
        busy = false;
      });
    },
    finish: async (markdown) => {
      finished = true;
      await posted;
      await editing;
      if (edits < MAX_MESSAGE_EDITS) await edit(markdown);
    },
  };
}
