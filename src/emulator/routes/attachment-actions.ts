import { Router } from "express";
import { ApiError } from "../api-error.js";
import { renderAttachmentAction } from "../api-shapes.js";
import { callerOf } from "../caller-of.js";
import type { EmulatorContext } from "../emulator-context.js";
import { param, parseBody } from "../parse-input.js";
import { submitAttachmentAction, submitAttachmentActionBodySchema } from "../submit-attachment-action.js";

export function attachmentActionsRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  // 202 with the created action (Attachment Actions spec).
  router.post("/attachment/actions", (req, res) => {
    const caller = callerOf(ctx, req);
    const { action, delivered } = submitAttachmentAction(
      ctx,
      caller.person,
      parseBody(submitAttachmentActionBodySchema, req.body),
    );
    void delivered;
    res.status(202).json(renderAttachmentAction(action));
  });

  // Submitted inputs are readable by the card's author (the bot) and by whoever pressed.
  router.get("/attachment/actions/:actionId", (req, res) => {
    const caller = callerOf(ctx, req);
    const action = store.attachmentActions.get(param(req, "actionId"));
    if (!action || (caller.person.id !== action.personId && caller.person.id !== action.cardAuthorId)) {
      throw new ApiError(404, "Could not find the attachment action.");
    }
    res.json(renderAttachmentAction(action));
  });

  return router;
}
