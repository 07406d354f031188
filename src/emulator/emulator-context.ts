import type { CallParkLocationField } from "./api-shapes.js";
import type { OrgStore } from "./create-org-store.js";
import type { TokenStore } from "./create-token-store.js";
import type { WebhookDispatcher } from "./create-webhook-dispatcher.js";
import type { EmulatorChange } from "./emulator-change.js";

/** What routes and act-as helpers share; built once per emulator by createEmulator. */
export type EmulatorContext = {
  store: OrgStore;
  tokens: TokenStore;
  dispatcher: WebhookDispatcher;
  emit: (change: EmulatorChange) => void;
  /** No list page is longer than this, whatever `max` asks for. */
  pageSizeCap: number;
  callParkLocationField: CallParkLocationField;
  now: () => number;
  /** Whether a webhook may target this URL (see EmulatorOptions.allowedWebhookOrigins). */
  allowsWebhookTarget: (targetUrl: string) => boolean;
};
