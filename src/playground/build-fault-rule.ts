import type { FaultRule } from "../emulator/create-emulator.js";

/** The faults the page offers: one the bot retries after Retry-After, one it must report, one it backs off from. */
export const FAULT_STATUSES = [429, 403, 503] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/**
 * Where the fault lands. "delete" is the instructive default: the request and the card go through,
 * and the fault hits the one call that matters, after Confirm.
 */
export const FAULT_TARGETS = ["delete", "telephony", "any"] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const FAULT_TARGET_LABELS: Record<FaultTarget, string> = {
  delete: "next DELETE of a call park extension",
  telephony: "next telephony request (lookups included)",
  any: "next request to Webex, whatever it is",
};

/** Seconds the injected 429 asks the bot to wait: long enough to notice, short for a demo. */
export const DEMO_RETRY_AFTER_S = 2;

const callParkExtensionPath = /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/[^/]+$/;

export function buildFaultRule(status: FaultStatus, target: FaultTarget): FaultRule {
  const rule: FaultRule = { status, times: 1 };
  if (status === 429) rule.retryAfter = DEMO_RETRY_AFTER_S;
  if (target === "delete") {
    rule.method = "DELETE";
    rule.path = callParkExtensionPath;
  } else if (target === "telephony") {
    rule.path = "/telephony";
  }
  return rule;
}
