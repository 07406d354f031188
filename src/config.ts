import { z } from "zod";
import { AppError } from "./app-error.js";
import { deriveCardSigningKey } from "./confirm/card-token.js";
import type { LogLevel } from "./logger.js";

/** How the admin token is obtained: a fixed token, or a service app / integration refresh token. */
export type AdminAuth =
  | { kind: "static"; token: string }
  | { kind: "refresh"; clientId: string; clientSecret: string; refreshToken: string };

/** Everything the running bot needs, whichever mode produced it. */
export interface BotConfig {
  botToken: string;
  admin: AdminAuth;
  orgId: string | undefined;
  /**
   * WEBEX_ORG_SPACES: Webex space (roomId) → customer orgId, for a partner admin token managing
   * several orgs. A command in a mapped space acts on that org only; others act on `orgId`.
   */
  orgSpaces?: Record<string, string>;
  /** Base of every Webex call, e.g. https://webexapis.com/v1. */
  apiUrl: string;
  webhookSecret: string;
  /** Webhooks target `${publicUrl}/webhook`. */
  publicUrl: string;
  port: number;
  allowedEmails: string[];
  allowedDomains: string[];
  /**
   * Besides the allowlist, the requester must hold Full Administrator in the org the command acts
   * on (GET /people/{id} `roles`). Default true.
   */
  requireWebexAdmin?: boolean;
  /** How long one person's roles are trusted, seconds (at most 60). Default 60. */
  roleCacheSeconds?: number;
  confirmTtlSeconds: number;
  /** Bulk delete and Undo (BULK_MAX, BULK_CONCURRENCY, UNDO_TTL_SECONDS); default DEFAULT_BULK. */
  bulk?: BulkSettings;
  cardSigningKey: Buffer;
  logLevel: LogLevel;
  redisUrl: string | undefined;
  auditLogPath: string;
  /** With Redis: audit records kept in the shared stream (approximately). Default 100 000. */
  auditStreamMaxLength?: number;
}

export type LoadedConfig =
  | ({ mode: "real" } & BotConfig)
  | {
      mode: "demo";
      port: number;
      confirmTtlSeconds: number;
      requireWebexAdmin: boolean;
      roleCacheSeconds: number;
      bulk: BulkSettings;
      logLevel: LogLevel;
      /** Only when AUDIT_LOG_PATH is set: a demo leaves no files unless asked to. */
      auditLogPath: string | undefined;
      redisUrl: string | undefined;
      /** HOST: the interface the demo listens on; undefined means loopback only. */
      host: string | undefined;
    };

export interface BulkSettings {
  /** Most extensions one request may name (or `delete all` may find). */
  max: number;
  /** Deletes (or re-creates) in flight at once during a batch. */
  concurrency: number;
  /** How long a delete's Undo button works (s). */
  undoTtlSeconds: number;
}

/** The most BULK_MAX may be, and what the parser expands at most: one card and one summary stay readable. */
export const MAX_BULK_EXTENSIONS = 1000;

export const DEFAULT_BULK: BulkSettings = { max: 200, concurrency: 4, undoTtlSeconds: 600 };

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const url = z.url({ protocol: /^https?$/ });

/** A whole number in [min, max], `fallback` when unset; any failure reads as the range. */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return optionalText
    .pipe(
      z.coerce
        .number<string | undefined>({ error })
        .int({ error })
        .min(min, { error })
        .max(max, { error })
        .optional(),
    )
    .transform((v) => v ?? fallback);
};

const ORG_SPACES_SHAPE = 'must be a JSON object of roomId to orgId, e.g. {"<roomId>":"<orgId>"}';
const orgSpaceId = z.string({ error: ORG_SPACES_SHAPE }).trim().min(1, { error: ORG_SPACES_SHAPE });

const envSchema = z.object({
  WEBEX_BOT_TOKEN: optionalText,
  WEBEX_ADMIN_TOKEN: optionalText,
  WEBEX_CLIENT_ID: optionalText,
  WEBEX_CLIENT_SECRET: optionalText,
  WEBEX_REFRESH_TOKEN: optionalText,
  WEBEX_ORG_ID: optionalText,
  WEBEX_ORG_SPACES: optionalText.pipe(
    z
      .string()
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: ORG_SPACES_SHAPE });
          return z.NEVER;
        }
      })
      .pipe(z.record(orgSpaceId, orgSpaceId, { error: ORG_SPACES_SHAPE }))
      .optional(),
  ),
  WEBEX_API_URL: optionalText
    .pipe(url.optional())
    .transform((v) => (v ?? "https://webexapis.com/v1").replace(/\/+$/, "")),
  WEBEX_WEBHOOK_SECRET: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  // Webhooks target `${PUBLIC_URL}/webhook`: a query or fragment would end up before that path. A
  // path prefix is fine: the server serves the webhook under it too (src/server.ts).
  PUBLIC_URL: optionalText
    .pipe(
      url
        .refine((v) => !/[?#]/.test(v), {
          error: "must have no query (?…) or fragment (#…), since webhooks target PUBLIC_URL + /webhook",
        })
        .optional(),
    )
    .transform((v) => v?.replace(/\/+$/, "")),
  PORT: wholeNumber(0, 65_535, 8080),
  ALLOWED_EMAILS: list,
  ALLOWED_DOMAINS: list,
  CONFIRM_TTL_SECONDS: wholeNumber(30, 86_400, 300),
  REQUIRE_WEBEX_ADMIN: optionalText
    .pipe(z.enum(["true", "false"], { error: "must be true or false" }).optional())
    .transform((v) => v !== "false"),
  // At most 60: a person whose role was revoked in Control Hub must lose access within a minute.
  ROLE_CACHE_SECONDS: wholeNumber(0, 60, 60),
  BULK_MAX: wholeNumber(1, MAX_BULK_EXTENSIONS, DEFAULT_BULK.max),
  // Webex publishes no rate limit; wxc_sdk defaults to 10 concurrent requests, and a 429 slows every worker.
  BULK_CONCURRENCY: wholeNumber(1, 10, DEFAULT_BULK.concurrency),
  UNDO_TTL_SECONDS: wholeNumber(60, 86_400, DEFAULT_BULK.undoTtlSeconds),
  CARD_SIGNING_KEY: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  LOG_LEVEL: optionalText
    .pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional())
    .transform((v) => v ?? "info"),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  AUDIT_LOG_PATH: optionalText,
  AUDIT_STREAM_MAX_LENGTH: wholeNumber(1_000, 10_000_000, 100_000),
  HOST: optionalText,
  NODE_ENV: optionalText,
});

/**
 * Reads the environment (injectable, Probot's readEnvOptions). Without WEBEX_BOT_TOKEN it is demo
 * mode — unless something says production, so a mistyped variable on a server never quietly
 * becomes a demo. Errors name the variable and never print its value.
 */
export function loadConfig(env: Record<string, string | undefined>): LoadedConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${describeIssue(issue)}`);
    throw new AppError("config.invalid", `Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;

  if (!e.WEBEX_BOT_TOKEN) {
    const productionHints = [
      "WEBEX_ADMIN_TOKEN",
      "WEBEX_CLIENT_ID",
      "WEBEX_CLIENT_SECRET",
      "WEBEX_REFRESH_TOKEN",
      "WEBEX_WEBHOOK_SECRET",
      "PUBLIC_URL",
    ].filter((name) => e[name as keyof typeof e] !== undefined);
    if (productionHints.length > 0 || e.NODE_ENV === "production") {
      const why =
        productionHints.length > 0 ? `${productionHints.join(", ")} is set` : "NODE_ENV is production";
      throw new AppError(
        "config.invalid",
        `Invalid configuration: WEBEX_BOT_TOKEN is missing but ${why}. Set WEBEX_BOT_TOKEN to run the real bot; unset the others to run the demo.`,
      );
    }
    return {
      mode: "demo",
      port: e.PORT,
      confirmTtlSeconds: e.CONFIRM_TTL_SECONDS,
      requireWebexAdmin: e.REQUIRE_WEBEX_ADMIN,
      roleCacheSeconds: e.ROLE_CACHE_SECONDS,
      bulk: bulkOf(e),
      logLevel: e.LOG_LEVEL,
      auditLogPath: e.AUDIT_LOG_PATH,
      redisUrl: e.REDIS_URL,
      host: e.HOST,
    };
  }

  const missing: string[] = [];
  let admin: AdminAuth | undefined;
  if (e.WEBEX_ADMIN_TOKEN) {
    admin = { kind: "static", token: e.WEBEX_ADMIN_TOKEN };
  } else if (e.WEBEX_CLIENT_ID && e.WEBEX_CLIENT_SECRET && e.WEBEX_REFRESH_TOKEN) {
    admin = {
      kind: "refresh",
      clientId: e.WEBEX_CLIENT_ID,
      clientSecret: e.WEBEX_CLIENT_SECRET,
      refreshToken: e.WEBEX_REFRESH_TOKEN,
    };
  } else {
    missing.push("WEBEX_ADMIN_TOKEN (or WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN)");
  }
  if (!e.WEBEX_WEBHOOK_SECRET) missing.push("WEBEX_WEBHOOK_SECRET");
  if (!e.PUBLIC_URL) missing.push("PUBLIC_URL");
  if (e.ALLOWED_EMAILS.length === 0 && e.ALLOWED_DOMAINS.length === 0) {
    missing.push(
      "ALLOWED_EMAILS or ALLOWED_DOMAINS (who may ask me to delete; refusing to start open to everyone)",
    );
  }
  if (missing.length > 0 || !admin || !e.WEBEX_WEBHOOK_SECRET || !e.PUBLIC_URL) {
    throw new AppError("config.invalid", `Invalid configuration: missing ${missing.join("; ")}`);
  }

  return {
    mode: "real",
    botToken: e.WEBEX_BOT_TOKEN,
    admin,
    orgId: e.WEBEX_ORG_ID,
    ...(e.WEBEX_ORG_SPACES ? { orgSpaces: e.WEBEX_ORG_SPACES } : {}),
    apiUrl: e.WEBEX_API_URL,
    webhookSecret: e.WEBEX_WEBHOOK_SECRET,
    publicUrl: e.PUBLIC_URL,
    port: e.PORT,
    allowedEmails: e.ALLOWED_EMAILS,
    allowedDomains: e.ALLOWED_DOMAINS,
    requireWebexAdmin: e.REQUIRE_WEBEX_ADMIN,
    roleCacheSeconds: e.ROLE_CACHE_SECONDS,
    confirmTtlSeconds: e.CONFIRM_TTL_SECONDS,
    bulk: bulkOf(e),
    cardSigningKey: e.CARD_SIGNING_KEY
      ? Buffer.from(e.CARD_SIGNING_KEY, "utf8")
      : deriveCardSigningKey(e.WEBEX_WEBHOOK_SECRET),
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    auditLogPath: e.AUDIT_LOG_PATH ?? "./data/audit.jsonl",
    auditStreamMaxLength: e.AUDIT_STREAM_MAX_LENGTH,
  };
}

/** zod's own messages can quote the input; ours (all starting "must") never do. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith("must")) return issue.message;
  switch (issue.code) {
    case "invalid_format":
      return "is not a valid URL";
    case "too_small":
      return issue.origin === "number" ? `must be at least ${String(issue.minimum)}` : "is too short";
    case "too_big":
      return issue.origin === "number" ? `must be at most ${String(issue.maximum)}` : "is too long";
    case "invalid_value":
      return "is not one of the allowed values";
    default:
      return "is invalid";
  }
}

function bulkOf(e: { BULK_MAX: number; BULK_CONCURRENCY: number; UNDO_TTL_SECONDS: number }): BulkSettings {
  return { max: e.BULK_MAX, concurrency: e.BULK_CONCURRENCY, undoTtlSeconds: e.UNDO_TTL_SECONDS };
}
