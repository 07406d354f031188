import { z } from "zod";

/**
 * A delivered webhook event, validated after the signature check. `data` carries ids only (no
 * message text, no card inputs): the framework fetches those with the bot token.
 */
export const webhookEventSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  resource: z.string().min(1),
  event: z.string().min(1),
  actorId: z.string().optional(),
  orgId: z.string().optional(),
  data: z.looseObject({
    id: z.string().min(1),
    roomId: z.string().optional(),
    personId: z.string().optional(),
  }),
});
export type WebhookEvent = z.output<typeof webhookEventSchema>;
