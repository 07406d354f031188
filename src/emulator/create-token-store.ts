import { randomBytes } from "node:crypto";
import { ApiError } from "./api-error.js";
import type { OrgStore } from "./create-org-store.js";
import { defaultAdminScopes } from "./org-seed.js";
import { stableUuid, webexId } from "./webex-id.js";

/** Who a bearer token speaks for. */
export type Grant = {
  kind: "bot" | "admin" | "service-app";
  personId: string;
  scopes: readonly string[];
  appId: string;
};

export type AuthResult = { kind: "none" } | { kind: "invalid" } | { kind: "ok"; grant: Grant };

type IssuedToken = { grant: Grant; expiresAt: number; revoked: boolean };

/** Refresh-token lifetime Webex shows in its examples (90 days). */
const refreshTokenTtlSeconds = 7_776_000;
/** Access-token lifetime when the seed gives none: the commonly cited 14 days (UNCONFIRMED). */
const defaultAccessTokenTtlSeconds = 1_209_600;

const botScopes = [
  "spark:messages_read",
  "spark:messages_write",
  "spark:rooms_read",
  "spark:memberships_read",
  "spark:people_read",
] as const;

/**
 * The tokens the emulator accepts: the seed's static bot and admin tokens, and access tokens it
 * issues to service apps through POST /access_token. Token values stay in here; nothing else
 * (request log, events, errors) ever holds one.
 */
export type TokenStore = ReturnType<typeof createTokenStore>;

export function createTokenStore(store: OrgStore, now: () => number) {
  const seed = store.seed;
  const staticTokens = new Map<string, Grant>();
  const issued = new Map<string, IssuedToken>();
  /** Live refresh token → client id. */
  const refreshTokens = new Map<string, string>();
  const apps = new Map((seed.serviceApps ?? []).map((app) => [app.clientId, app]));

  const appId = (name: string) => webexId("APPLICATION", stableUuid(store.org.id, "app", name));
  const personId = (email: string) => {
    const person = store.personByEmail(email);
    if (!person) throw new Error(`seed: no person ${email}`);
    return person.id;
  };

  staticTokens.set(seed.bot.token, {
    kind: "bot",
    personId: store.bot.id,
    scopes: botScopes,
    appId: appId("bot"),
  });
  // Customer orgs' own admins sign in like the main org's; their org decides what they reach.
  const customerAdmins = (seed.customerOrgs ?? []).flatMap((customer) => customer.admins ?? []);
  for (const admin of [...seed.admins, ...customerAdmins]) {
    if (staticTokens.has(admin.token))
      throw new Error(`seed: admin ${admin.email} reuses another identity's token`);
    staticTokens.set(admin.token, {
      kind: "admin",
      personId: personId(admin.email),
      scopes: admin.scopes ?? defaultAdminScopes,
      appId: appId(`integration ${admin.email}`),
    });
  }
  for (const app of apps.values()) {
    if (!seed.admins.some((admin) => admin.email.toLowerCase() === app.adminEmail.toLowerCase())) {
      throw new Error(`seed: service app ${app.clientId} acts for ${app.adminEmail}, who is not an admin`);
    }
    refreshTokens.set(app.refreshToken, app.clientId);
  }

  function authenticate(authorization: string | undefined): AuthResult {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match?.[1]) return { kind: "none" };
    const token = match[1];
    const grant = staticTokens.get(token);
    if (grant) return { kind: "ok", grant };
    const minted = issued.get(token);
    if (!minted || minted.revoked || minted.expiresAt <= now()) return { kind: "invalid" };
    return { kind: "ok", grant: minted.grant };
  }

  /** POST /access_token with grant_type=refresh_token; the fields are the form's. */
  function refresh(form: Record<string, unknown>) {
    const field = (name: string) => (typeof form[name] === "string" ? form[name] : "");
    if (field("grant_type") !== "refresh_token") {
      throw new ApiError(400, "grant_type must be refresh_token.", {
        description: "The emulator issues tokens only by refresh_token grant (no authorization_code flow).",
      });
    }
    const app = apps.get(field("client_id"));
    if (!app || app.clientSecret !== field("client_secret")) {
      throw new ApiError(401, "Invalid client credentials.", {
        description: "client_id or client_secret is wrong.",
      });
    }
    const presented = field("refresh_token");
    if (refreshTokens.get(presented) !== app.clientId) {
      throw new ApiError(400, "Invalid refresh token.", {
        description: "The refresh token is unknown, revoked or was rotated.",
      });
    }
    let refreshToken = presented;
    if (app.rotateRefreshToken) {
      refreshTokens.delete(presented);
      refreshToken = mint("rt");
      refreshTokens.set(refreshToken, app.clientId);
    }
    const admin = seed.admins.find((a) => a.email.toLowerCase() === app.adminEmail.toLowerCase());
    const scopes = admin?.scopes ?? defaultAdminScopes;
    const ttl = app.accessTokenTtlSeconds ?? defaultAccessTokenTtlSeconds;
    const accessToken = mint("at");
    issued.set(accessToken, {
      grant: {
        kind: "service-app",
        personId: personId(app.adminEmail),
        scopes,
        appId: appId(`service app ${app.clientId}`),
      },
      expiresAt: now() + ttl * 1000,
      revoked: false,
    });
    return {
      access_token: accessToken,
      expires_in: ttl,
      refresh_token: refreshToken,
      refresh_token_expires_in: refreshTokenTtlSeconds,
      token_type: "Bearer" as const,
      scope: scopes.join(" "),
    };
  }

  return {
    authenticate,
    refresh,
    /** Invalidates every access token issued so far (tests of refresh-on-401). */
    expireAccessTokens(): void {
      for (const token of issued.values()) token.revoked = true;
    },
  };
}

function mint(prefix: string): string {
  return `EMULATOR_${prefix}_${randomBytes(24).toString("base64url")}`;
}
