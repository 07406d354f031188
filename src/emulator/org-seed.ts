import { z } from "zod";
import { ADMIN_ROLE_NAMES } from "./admin-roles.js";

/** Scopes an admin token carries when the seed names none: what the bot's admin side needs. */
export const defaultAdminScopes = [
  "spark-admin:telephony_config_read",
  "spark-admin:telephony_config_write",
  "spark-admin:locations_read",
  "spark-admin:people_read",
] as const;

const email = z.string().trim().min(3).includes("@");

/**
 * The org an emulator starts with, JSON-describable so the CLI can load it from a file. Tokens
 * here are emulator-only fakes: the emulator accepts them and nothing else does.
 */
export const orgSeedSchema = z.object({
  org: z.object({ name: z.string().min(1), id: z.string().min(1).optional() }),
  bot: z.object({ displayName: z.string().min(1), email, token: z.string().min(1) }),
  admins: z.array(
    z.object({
      email,
      displayName: z.string().min(1),
      token: z.string().min(1),
      scopes: z.array(z.string().min(1)).optional(),
      /** An admin of another org (a partner admin): their `orgId`. Default: this org. */
      orgId: z.string().min(1).optional(),
      /** Their admin roles; default Full Administrator. */
      roles: z.array(z.enum(ADMIN_ROLE_NAMES)).optional(),
    }),
  ),
  serviceApps: z
    .array(
      z.object({
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        refreshToken: z.string().min(1),
        /** Whose rights the issued access tokens carry; must be one of `admins`. */
        adminEmail: email,
        /** Lifetime of issued access tokens, in seconds; default 14 days (the commonly cited figure). */
        accessTokenTtlSeconds: z.number().int().positive().optional(),
        /** Issue a new refresh token on every refresh and invalidate the old one. */
        rotateRefreshToken: z.boolean().optional(),
      }),
    )
    .optional(),
  people: z.array(
    z.object({
      email,
      displayName: z.string().min(1),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      /** Holds the Full Administrator role (seen by admins via GET /people/{id}) without a token here. */
      admin: z.boolean().optional(),
      /** Other admin roles they hold (Read-only Administrator, …), beside `admin`. */
      roles: z.array(z.enum(ADMIN_ROLE_NAMES)).optional(),
      /** A person of another Webex org (a guest, a partner): their `orgId`. Default: this org. */
      orgId: z.string().min(1).optional(),
    }),
  ),
  rooms: z.array(
    z.object({
      title: z.string().min(1),
      type: z.union([z.literal("direct"), z.literal("group")]),
      /** Member emails; the bot is a member when its email is listed. */
      members: z.array(email),
    }),
  ),
  locations: z.array(
    z.object({
      name: z.string().min(1),
      routingPrefix: z.string().regex(/^\d+$/).optional(),
      callParkExtensions: z.array(
        z.object({ extension: z.string().regex(/^\d{2,10}$/), name: z.string().min(1).max(30) }),
      ),
      /** Call park groups; `extensions` names member call park extensions of this location by number. */
      callParks: z
        .array(z.object({ name: z.string().min(1).max(80), extensions: z.array(z.string()) }))
        .optional(),
    }),
  ),
});

export type OrgSeed = z.input<typeof orgSeedSchema>;
