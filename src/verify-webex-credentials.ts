import { z } from "zod";
import { AppError } from "./app-error.js";
import type { AdminAuth } from "./config.js";
import type { Logger } from "./logger.js";
import type { DirectoryApi } from "./webex/create-directory-api.js";
import type { WebexClient } from "./webex/create-webex-client.js";
import { type Person, personSchema, type Role, telephonyLocationListSchema } from "./webex/schemas.js";
import { WebexApiError } from "./webex/webex-api-error.js";

export interface VerifiedCredentials {
  /** The bot's own person: a `type: "bot"` account. */
  botMe: Person;
  /** Whom the admin token speaks for, when Webex let it read that (undefined otherwise). */
  adminMe: Person | undefined;
  /** The org's roles (GET /roles), read when the admin-role rule is on: the role check starts primed. */
  roles: Role[] | undefined;
}

/**
 * Start-up checks of the two credentials, before any webhook is registered, so a wrong token stops
 * the bot with a sentence instead of starting it wrong:
 * - the bot token must be a bot's (GET /people/me `type: "bot"`): a person's token would register
 *   the webhooks on that person's account and reply as them;
 * - the admin token must not be a bot's (a bot is no administrator of any org);
 * - the admin token must read telephony settings (one cheap GET /telephony/config/locations?max=1):
 *   otherwise the bot says "ready" and the first delete fails in chat;
 * - with the admin-role rule on, it must read roles (GET /roles): otherwise every request would be
 *   refused as unverifiable while the bot says it is ready.
 * Refusals name the variable, never its value. Webex being down is not a refusal: those errors are
 * thrown as they are, for the caller to wait out.
 */
export async function verifyWebexCredentials(options: {
  bot: WebexClient;
  admin: WebexClient;
  adminAuth: AdminAuth;
  orgId: string | undefined;
  /** REQUIRE_WEBEX_ADMIN: the admin token must be able to read people's roles. */
  requireWebexAdmin: boolean;
  /** The admin token's People and Roles APIs (GET /roles). */
  directory: Pick<DirectoryApi, "listRoles">;
  logger: Logger;
}): Promise<VerifiedCredentials> {
  const adminName = adminNameOf(options.adminAuth);
  const adminRenew =
    options.adminAuth.kind === "static"
      ? "Renew it, or use a service app (WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN), which renews itself."
      : "The service app or integration may have been deauthorized in Control Hub.";

  // GET /people/me — bot token; any scope
  const botMe = await readMe(options.bot).catch((err: unknown) => {
    throw refusal401(
      err,
      "WEBEX_BOT_TOKEN",
      "Copy the bot's token from developer.webex.com (My Apps → the bot).",
    );
  });
  // GET /people/me — admin token; its orgId names the org when WEBEX_ORG_ID is unset
  let adminMe: Person | undefined;
  try {
    adminMe = await readMe(options.admin);
  } catch (err) {
    // A credential that may not read its own person (403, 404) is not refused for that: the
    // telephony read below decides.
    const undecided = err instanceof WebexApiError && (err.status === 403 || err.status === 404);
    if (!undecided) throw refusal401(err, adminName, adminRenew);
    options.logger.warn({ err }, "could not read whom the admin token belongs to");
  }

  if (botMe.type !== "bot") {
    const swapped =
      adminMe?.type === "bot" ? " WEBEX_ADMIN_TOKEN holds a bot's token: the two look swapped." : "";
    throw new AppError(
      "config.invalid",
      `WEBEX_BOT_TOKEN is not a bot's token: it belongs to ${describe(botMe)}. With it the bot would register its webhooks on that account and reply as them. Set WEBEX_BOT_TOKEN to the bot's own token (developer.webex.com → My Apps → the bot).${swapped}`,
    );
  }
  if (adminMe?.type === "bot") {
    throw new AppError(
      "config.invalid",
      `${adminName} is a bot's token (${describe(adminMe)}): a bot administers no org, so it can neither read nor change telephony settings. Use the token of a full or location administrator, or a service app.`,
    );
  }

  try {
    // GET /telephony/config/locations?max=1 — admin token; spark-admin:telephony_config_read
    await options.admin.send({
      method: "GET",
      path: "/telephony/config/locations",
      query: { max: 1, orgId: options.orgId },
      schema: telephonyLocationListSchema,
    });
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 403) {
      const org = options.orgId
        ? "the org WEBEX_ORG_ID names (for another org than the admin's own: a partner administrator of it)"
        : "the org";
      throw new AppError(
        "config.invalid",
        `${adminName} may not read telephony settings (Webex answered 403 to GET /telephony/config/locations${tracking(err)}): it needs the scope spark-admin:telephony_config_read (and spark-admin:telephony_config_write to delete), and must belong to a full or location administrator of ${org}.`,
      );
    }
    throw refusal401(err, adminName, adminRenew);
  }
  // The org the bot acts on (and whose people may ask) must be known: without it every request
  // would be refused in chat while the bot says it is ready.
  if (!options.orgId && !adminMe?.orgId) {
    throw new AppError(
      "config.invalid",
      `I can't tell which org ${adminName} acts on: Webex would not let it read whom it belongs to (GET /people/me). Set WEBEX_ORG_ID to the org's id (Control Hub → Management → Account → Organization ID).`,
    );
  }
  let roles: Role[] | undefined;
  if (options.requireWebexAdmin) {
    try {
      // GET /roles — admin token; spark-admin:people_read (the scope that shows people's `roles`)
      roles = await options.directory.listRoles();
    } catch (err) {
      if (err instanceof WebexApiError && err.status === 403) {
        throw new AppError(
          "config.invalid",
          `REQUIRE_WEBEX_ADMIN is on, but ${adminName} may not read Control Hub roles (Webex answered 403 to GET /roles${tracking(err)}): it needs the scope spark-admin:people_read, so that I can check each requester holds Full Administrator. Add the scope, or set REQUIRE_WEBEX_ADMIN=false to rely on the allowlist alone.`,
        );
      }
      throw refusal401(err, adminName, adminRenew);
    }
  }
  return { botMe, adminMe, roles };
}

/**
 * An org WEBEX_ORG_SPACES binds a space to: the admin token must read its telephony settings
 * (one GET /telephony/config/locations?max=1&orgId=…), or every command in that space would fail.
 */
export async function verifyBoundOrg(admin: WebexClient, adminAuth: AdminAuth, orgId: string): Promise<void> {
  try {
    // GET /telephony/config/locations?max=1&orgId=… — admin token; spark-admin:telephony_config_read
    await admin.send({
      method: "GET",
      path: "/telephony/config/locations",
      query: { max: 1, orgId },
      schema: telephonyLocationListSchema,
    });
  } catch (err) {
    if (err instanceof WebexApiError && (err.status === 403 || err.status === 404)) {
      throw new AppError(
        "config.invalid",
        `WEBEX_ORG_SPACES binds a space to the org ${orgId}, but ${adminNameOf(adminAuth)} may not read its telephony settings (Webex answered ${err.status} to GET /telephony/config/locations${tracking(err)}): the token must belong to a partner administrator of that org. Fix the org id or remove that space from WEBEX_ORG_SPACES.`,
      );
    }
    throw err;
  }
}

/**
 * A space WEBEX_ORG_SPACES binds must be one the bot is in (GET /rooms/{id} with the bot token):
 * a mistyped id would leave the real space unbound, acting on the default org without a word.
 */
export async function verifyBoundSpace(bot: WebexClient, roomId: string): Promise<void> {
  try {
    // GET /rooms/{roomId} — bot token; the bot must be a member
    await bot.send({
      method: "GET",
      path: `/rooms/${encodeURIComponent(roomId)}`,
      schema: z.object({ id: z.string() }),
    });
  } catch (err) {
    if (err instanceof WebexApiError && (err.status === 403 || err.status === 404 || err.status === 400)) {
      throw new AppError(
        "config.invalid",
        `WEBEX_ORG_SPACES names the space ${roomId}, which I am not in (Webex answered ${err.status} to GET /rooms/{id}${tracking(err)}). Use the id \`orgs\` prints in that space, or add me to it.`,
      );
    }
    throw err;
  }
}

function adminNameOf(adminAuth: AdminAuth): string {
  return adminAuth.kind === "static"
    ? "WEBEX_ADMIN_TOKEN"
    : "The admin token of WEBEX_CLIENT_ID / WEBEX_CLIENT_SECRET / WEBEX_REFRESH_TOKEN";
}

async function readMe(client: WebexClient): Promise<Person> {
  return (await client.send({ method: "GET", path: "/people/me", schema: personSchema })).body;
}

/** A 401 becomes a sentence naming the credential; anything else is left for the caller. */
function refusal401(err: unknown, name: string, renew: string): unknown {
  if (!(err instanceof WebexApiError) || err.status !== 401) return err;
  return new AppError(
    "config.invalid",
    `${name} was refused by Webex (401 to ${err.method} ${err.path}${tracking(err)}): it is invalid or expired. ${renew}`,
  );
}

function tracking(err: WebexApiError): string {
  return err.trackingId ? `, trackingId ${err.trackingId}` : "";
}

function describe(person: Person): string {
  const kind = person.type === "bot" ? "the bot" : person.type === "appuser" ? "the app" : "the person";
  const email = person.emails[0];
  return `${kind} ${JSON.stringify(person.displayName)}${email ? ` <${email}>` : ""}`;
}
