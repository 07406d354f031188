import type { AttachmentAction, Message, Webhook } from "./api-shapes.js";
import type { Delivery } from "./create-webhook-dispatcher.js";
import type { RequestLogEntry } from "./request-log.js";

/** What `emulator.events` emits as "change": enough for a playground page to stay in sync. */
export type EmulatorChange =
  | { kind: "message.created"; message: Message }
  | { kind: "message.updated"; message: Message }
  | { kind: "message.deleted"; messageId: string; roomId: string }
  | { kind: "attachmentAction.created"; attachmentAction: AttachmentAction }
  | { kind: "webhook.created" | "webhook.updated"; webhook: Omit<Webhook, "secret"> }
  | { kind: "webhook.deleted"; webhookId: string }
  | { kind: "room.created"; roomId: string }
  | {
      kind: "callParkExtension.created" | "callParkExtension.updated" | "callParkExtension.deleted";
      id: string;
      locationId: string;
    }
  /** A call park created or updated; `previousId` is set when a rename gave it a new ID. */
  | { kind: "callPark.created"; id: string; locationId: string }
  | { kind: "callPark.updated"; id: string; previousId?: string; locationId: string }
  | { kind: "delivery"; delivery: Delivery }
  | { kind: "request"; request: RequestLogEntry }
  | { kind: "reset" };
