import express, { Router } from "express";
import type { EmulatorContext } from "../emulator-context.js";

/**
 * POST /access_token (form-encoded `grant_type=refresh_token`, `client_id`, `client_secret`,
 * `refresh_token`): the refresh flow of integrations and service apps. No bearer token needed.
 */
export function accessTokenRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.post("/access_token", express.urlencoded({ extended: false, limit: "16kb" }), (req, res) => {
    const form: unknown = req.body;
    const fields = typeof form === "object" && form !== null ? (form as Record<string, unknown>) : {};
    res.json(ctx.tokens.refresh(fields));
  });
  return router;
}
