// The framework and the SDK it wraps ship no types. This is the subset src/bot/ uses, and only
// src/bot/ imports these modules.

declare module "webex-node-bot-framework" {
  import type { EventEmitter } from "node:events";

  export interface FrameworkPerson {
    id: string;
    emails: string[];
    displayName: string;
    nickName?: string;
    firstName?: string;
    type?: string;
    orgId?: string;
  }

  export interface FrameworkMessage {
    id: string;
    roomId: string;
    roomType?: string;
    parentId?: string;
    text?: string;
    html?: string;
    personId: string;
    personEmail?: string;
    mentionedPeople?: string[];
  }

  export interface FrameworkAttachmentAction {
    id: string;
    type: string;
    messageId: string;
    inputs?: unknown;
    personId: string;
    roomId: string;
  }

  export interface MessageTrigger {
    type: "message";
    id: string;
    text?: string;
    message: FrameworkMessage;
    person: FrameworkPerson;
    personId: string;
  }

  export interface AttachmentActionTrigger {
    type: "attachmentAction";
    id: string;
    attachmentAction: FrameworkAttachmentAction;
    person: FrameworkPerson;
    personId: string;
  }

  export interface FrameworkBot {
    room: { id: string; title: string; type: string };
    stop(): void;
  }

  /** The SDK instance (`webex` package): the reads the framework makes per event. */
  export interface WebexSdk {
    people: { get(id: string): Promise<FrameworkPerson> };
    messages: { get(id: string): Promise<unknown> };
    attachmentActions: { get(id: string): Promise<unknown> };
    /** The SDK's own logger (@webex/plugin-logger): it writes to the console itself. */
    logger: Record<"error" | "warn", (...args: unknown[]) => void>;
  }

  export interface FrameworkOptions {
    token: string;
    maxStartupSpaces?: number;
    removeWebhooksOnStart?: boolean;
    messageFormat?: string;
  }

  export default class Framework extends EventEmitter {
    constructor(options: FrameworkOptions);
    options: FrameworkOptions;
    webex: WebexSdk;
    person: FrameworkPerson;
    email: string;
    active: boolean;
    isBotAccount: boolean;
    isUserAccount: boolean;
    bots: FrameworkBot[];
    webhook: { name: string };
    /** Receives the framework's debug lines when set (instead of the `debug` package). */
    debugger?: (message: string, id: string) => void;
    storageDriver(driver: unknown): Promise<unknown>;
    getPersonEmail(person: FrameworkPerson): string;
    myEmit(event: string, ...args: unknown[]): void;
    /** What processEvent runs for a fetched attachment action: find or spawn the space's bot, emit. */
    onAttachmentActions(attachmentAction: unknown): Promise<unknown>;
    on(event: "message", listener: (bot: FrameworkBot, trigger: MessageTrigger) => void): this;
    on(
      event: "attachmentAction",
      listener: (bot: FrameworkBot, trigger: AttachmentActionTrigger) => void,
    ): this;
    on(event: "log", listener: (message: string) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}

declare module "webex-node-bot-framework/lib/process-event.js" {
  import type Framework from "webex-node-bot-framework";
  /** Fetches what the event points at (message, attachment action, person) and emits framework events. */
  export default function processEvent(framework: Framework, body: unknown, name?: string): Promise<unknown>;
}

declare module "webex-node-bot-framework/storage/memory.js" {
  export default class MemStore {}
}

declare module "webex" {
  import type { WebexSdk } from "webex-node-bot-framework";

  const Webex: {
    init(attrs: { credentials: { access_token: string }; config?: Record<string, unknown> }): WebexSdk;
  };
  export default Webex;
}
