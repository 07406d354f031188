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

const admin = z.object({
  email,
  displayName: z.string().min(1),
  token: z.string().min(1),
  scopes: z.array(z.string().min(1)).optional(),
  /**
   * An admin of another org: their `orgId`. Default: this org, whose admins are also the partner
   * administrators of every `customerOrgs` entry; admins of another org are not.
   */
  orgId: z.string().min(1).optional(),
  /** Their admin roles; default Full Administrator. */
  roles: z.array(z.enum(ADMIN_ROLE_NAMES)).optional(),
});

const person = z.object({
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
});

const location = z.object({
  name: z.string().min(1),
  routingPrefix: z.string().regex(/^\d+$/).optional(),
  callParkExtensions: z.array(
    z.object({ extension: z.string().regex(/^\d{2,10}$/), name: z.string().min(1).max(30) }),
  ),
  /** Call park groups; `extensions` names member call park extensions of this location by number. */
  callParks: z
    .array(z.object({ name: z.string().min(1).max(80), extensions: z.array(z.string()) }))
    .optional(),
});

/**
 * A customer org of the partner (the seed's main org): the main org's `admins` are its partner
 * administrators and reach its data with `orgId=<its id>`. Its people and admins belong to it, so
 * they have no `orgId` of their own.
 */
const customerOrg = z.object({
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  locations: z.array(location),
  people: z.array(person.omit({ orgId: true })).optional(),
  /** Its own administrators, with tokens: they act in this org only. */
  admins: z.array(admin.omit({ orgId: true })).optional(),
});

/**
 * The org an emulator starts with, JSON-describable so the CLI can load it from a file. Tokens
 * here are emulator-only fakes: the emulator accepts them and nothing else does.
 */
export const orgSeedSchema = z.object({
  org: z.object({ name: z.string().min(1), id: z.string().min(1).optional() }),
  bot: z.object({ displayName: z.string().min(1), email, token: z.string().min(1) }),
  admins: z.array(admin),
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
  people: z.array(person),
  rooms: z.array(
    z.object({
      title: z.string().min(1),
      type: z.union([z.literal("direct"), z.literal("group")]),
      /** Member emails, of any org; the bot is a member when its email is listed. */
      members: z.array(email),
    }),
  ),
  locations: z.array(location),
  /** Customer orgs the main org's admins manage as partner administrators; default none. */
  customerOrgs: z.array(customerOrg).optional(),
});

export type OrgSeed = z.input<typeof orgSeedSchema>;
/** A seed after parsing (defaults applied). */
export type ParsedOrgSeed = z.output<typeof orgSeedSchema>;
export type LocationSeed = z.output<typeof location>;
