import { z } from "zod";
import { FAULT_STATUSES, FAULT_TARGETS } from "./build-fault-rule.js";

// What the page may post. The page is served to anyone who can reach the demo, so every body is
// checked here and nothing else is passed on to the emulator.

const email = z.string().trim().min(3).max(320);
const webexId = z.string().trim().min(1).max(512);

export const sayBodySchema = z.object({
  from: email,
  roomId: webexId,
  /** Webex's own limit is 7439 bytes; the emulator enforces it and answers like Webex when exceeded. */
  text: z.string().trim().min(1).max(8000),
  mention: z.boolean().optional(),
  parentId: webexId.optional(),
});

export const pressBodySchema = z.object({
  by: email,
  messageId: webexId,
  /** The Action.Submit's data with the card's input values laid over it, as a Webex client sends. */
  inputs: z.record(z.string().max(200), z.unknown()),
});

export const faultBodySchema = z.union([
  z.object({ status: z.literal(FAULT_STATUSES), target: z.enum(FAULT_TARGETS).default("delete") }),
  z.object({ status: z.literal("none") }),
]);

export type SayBody = z.output<typeof sayBodySchema>;
export type PressBody = z.output<typeof pressBodySchema>;
export type FaultBody = z.output<typeof faultBodySchema>;
