import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { Redis } from "ioredis";
import type { Services } from "../commands/command.js";
import { STATE_STORE_UNREACHABLE } from "../commands/state-store-unreachable.js";
import { watchUnfinishedDeletes } from "../commands/watch-unfinished-deletes.js";
import { createAllowlist } from "./allowlist.js";
import type { AuditLog } from "./audit/audit-log.js";
import { createAuditLog } from "./audit/create-audit-log.js";
import { createRedisAuditStream } from "./audit/create-redis-audit-stream.js";
import { configureWebexSdk } from "./bot/configure-webex-sdk.js";
import type { RunningBot } from "./bot/start-bot.js";
import { type Clock, realSleep, systemClock } from "./clock.js";
import { type BotConfig, DEFAULT_BULK } from "./config.js";
import type { ClaimStore } from "./confirm/claim-store.js";
import { createMemoryClaimStore } from "./confirm/create-memory-claim-store.js";
import { createRedisClaimStore } from "./confirm/create-redis-claim-store.js";
import { createRefusalLimiter } from "./confirm/create-refusal-limiter.js";
import { type AdminRoleCheck, createAdminRoleCheck } from "./create-admin-role-check.js";
import { listenOnPort } from "./listen-on-port.js";
import type { Logger } from "./logger.js";
import { retryAtStart, type StartRetryPolicy } from "./retry-at-start.js";
import { createServer } from "./server.js";
import { verifyBoundOrg, verifyBoundSpace, verifyWebexCredentials } from "./verify-webex-credentials.js";
import { createCallingApi } from "./webex/create-calling-api.js";
import { createDirectoryApi } from "./webex/create-directory-api.js";
import { createEventFetchers } from "./webex/create-event-fetchers.js";
import { createMessagingApi, type MessagingApi } from "./webex/create-messaging-api.js";
import { createRedisRefreshTokenStore } from "./webex/create-redis-refresh-token-store.js";
import { createRefreshingToken } from "./webex/create-refreshing-token.js";
import { type AttemptEvent, createWebexClient, type WebexClient } from "./webex/create-webex-client.js";
import { ensureWebhooks } from "./webex/ensure-webhooks.js";
import { isSameOrg, orgUuid } from "./webex/is-same-org.js";
import { defaultRetryPolicy, type RetryPolicy } from "./webex/retry-policy.js";
import { organizationSchema } from "./webex/schemas.js";
import { staticToken, type TokenProvider } from "./webex/token-provider.js";

export interface AppOptions {
  /** The configuration, given the URL the server is reachable on once it listens (demo mode needs it). */
  config: BotConfig | ((listeningUrl: string) => BotConfig);
  port: number;
  host?: string;
  logger: Logger;
  clock?: Clock;
  /** Nonces and seen events; memory by default. */
  claims?: ClaimStore;
  audit?: AuditLog;
  retry?: Partial<RetryPolicy>;
  /** Every attempt of our Webex client, with the credential it went with. */
  onAttempt?: (event: AttemptEvent & { credential: "bot" | "admin" }) => void;
  /** Waits between start-up tries while Webex is unavailable; default 2 s, doubling up to 1 min. */
  startRetry?: Partial<StartRetryPolicy>;
  /** Extra routes (the emulator and playground in demo mode), added before the server listens. */
  mount?: (app: Express) => void;
}

export interface RunningApp {
  url: string;
  server: Server;
  bot: RunningBot;
  config: BotConfig;
  /** Resolves when every accepted webhook event has been fully handled. */
  idle(): Promise<void>;
  /** Stop taking webhooks, finish what is in flight, close. Deletes no webhook. */
  close(): Promise<void>;
}

/**
 * Composition: server first (so /healthz answers during start-up), then the start-up checks of
 * both credentials, the framework and our webhooks; /readyz turns 200 when all are done (and
 * stays 503 while Webex is unavailable at start, or the shared state store is out of reach). A
 * wrong credential is refused here, before any webhook is registered.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  /** Intents written before this are another process's (reportUnfinishedDeletes). */
  const startedAt = clock.now();
  // Chosen once the configuration is known (REDIS_URL); no webhook is accepted before that.
  let claims: ClaimStore = options.claims ?? createMemoryClaimStore(clock);
  let config: BotConfig | undefined = typeof options.config === "function" ? undefined : options.config;
  let bot: RunningBot | undefined;
  let messaging: MessagingApi | undefined;
  let ready = false;
  const stopping = new AbortController();
  const refusals = createRefusalLimiter({ clock });
  /** PUBLIC_URL's path, worked out once the configuration is known (the server asks per request). */
  let publicPathPrefix = "";

  const server = createServer({
    logger,
    webhookSecret: () => config?.webhookSecret,
    dedupe: {
      claim: (key, ttlMs) => claims.claim(key, ttlMs),
      set: (key, value, ttlMs) => claims.set(key, value, ttlMs),
      get: (key) => claims.get(key),
      close: () => claims.close(),
      isReachable: () => claims.isReachable?.() ?? true,
    },
    isReady: () => ready,
    publicPathPrefix: () => publicPathPrefix,
    onEvent: async (event) => {
      if (!bot) throw new Error("event before the bot started");
      await bot.handleEvent(event);
    },
    onStoreUnreachable: async (event) => {
      const roomId = event.data.roomId;
      // Not for our own posts (Webex echoes them in 1:1 spaces): one answer each would loop,
      // between instances too. Before the bot knows who it is, it cannot tell, so it stays quiet.
      if (!roomId || !bot || !messaging || event.data.personId === bot.personId) return;
      // Once per person and space per window, as refusals: a burst of messages gets one answer.
      if (!refusals.admit({ personId: event.data.personId ?? "", email: "" }, roomId).answer) return;
      await messaging.post({ roomId, markdown: STATE_STORE_UNREACHABLE });
    },
    ...(options.mount ? { mount: options.mount } : {}),
  });

  const httpServer = await listenOnPort(server.app, options.port, options.host ?? "0.0.0.0");
  const { port } = httpServer.address() as AddressInfo;
  // The address the bot reaches itself on (demo mode calls its own emulator through it): the
  // interface it listens on, or loopback when that is every interface.
  const url = `http://${selfAddress(httpServer.address() as AddressInfo)}:${port}`;
  let audit: AuditLog | undefined;
  /** With REDIS_URL: the shared audit stream and the rotated refresh token (claims have their own). */
  let redis: Redis | undefined;
  let stopAdminRefresh = () => {};
  try {
    if (typeof options.config === "function") config = options.config(url);
    if (!config) throw new Error("no configuration");
    const cfg = config;
    publicPathPrefix = new URL(cfg.publicUrl).pathname.replace(/\/+$/, "");
    if (cfg.redisUrl) {
      // Fail fast rather than queue while Redis is away: an audit record or a refresh waits on nothing.
      redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: 2 });
      redis.on("error", () => {
        // The claim store logs Redis going down and coming back, once per change.
      });
    }
    if (!options.claims && cfg.redisUrl) {
      await claims.close();
      claims = createRedisClaimStore(cfg.redisUrl, logger);
      logger.info("card claims and seen events are shared through Redis");
    }

    // `credential`, not `token`: the logger censors any field named token.
    const client = (tokens: TokenProvider, credential: "bot" | "admin"): WebexClient =>
      createWebexClient({
        baseUrl: cfg.apiUrl,
        tokens,
        logger: logger.child({ credential }),
        clock,
        stopping: stopping.signal,
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.onAttempt
          ? { onAttempt: (e: AttemptEvent) => options.onAttempt?.({ ...e, credential }) }
          : {}),
      });
    const botClient = client(staticToken(cfg.botToken), "bot");
    let adminTokens: TokenProvider;
    if (cfg.admin.kind === "static") {
      adminTokens = staticToken(cfg.admin.token);
    } else {
      const refreshing = createRefreshingToken({
        client: client(staticToken(""), "admin"),
        clientId: cfg.admin.clientId,
        clientSecret: cfg.admin.clientSecret,
        refreshToken: cfg.admin.refreshToken,
        clock,
        logger,
        ...(redis
          ? {
              store: createRedisRefreshTokenStore({
                redis,
                clientId: cfg.admin.clientId,
                clientSecret: cfg.admin.clientSecret,
                configuredRefreshToken: cfg.admin.refreshToken,
              }),
            }
          : {}),
      });
      adminTokens = refreshing;
      stopAdminRefresh = refreshing.stop;
    }
    const adminClient = client(adminTokens, "admin");
    const atStart = <T>(what: string, step: () => Promise<T>) =>
      retryAtStart(what, step, {
        logger,
        sleep: realSleep,
        ...(options.startRetry ? { policy: options.startRetry } : {}),
      });
    // Fail at start, not at the first deletion, when the credentials are wrong.
    await atStart("getting the admin access token", () => adminTokens.getToken());
    const requireWebexAdmin = cfg.requireWebexAdmin ?? true;
    const directory = createDirectoryApi(adminClient);
    const { botMe, adminMe, roles } = await atStart("checking the bot and admin credentials", () =>
      verifyWebexCredentials({
        bot: botClient,
        admin: adminClient,
        adminAuth: cfg.admin,
        orgId: cfg.orgId,
        requireWebexAdmin,
        directory,
        logger,
      }),
    );
    let adminRoles: AdminRoleCheck | undefined;
    if (requireWebexAdmin) {
      adminRoles = createAdminRoleCheck({
        directory,
        clock,
        ttlMs: (cfg.roleCacheSeconds ?? 60) * 1000,
        logger,
      });
      if (roles) adminRoles.prime(roles);
    } else {
      logger.warn(
        "REQUIRE_WEBEX_ADMIN is off: anyone on the allowlist may act, whatever their Control Hub role",
      );
    }
    const orgSpaces = new Map(Object.entries(cfg.orgSpaces ?? {}));
    messaging = createMessagingApi(botClient);
    // Known here (the start-up check refuses to start otherwise).
    const actingOrgId = cfg.orgId ?? adminMe?.orgId ?? "";
    audit =
      options.audit ??
      (await createAuditLog({
        logger,
        clock,
        path: cfg.auditLogPath || undefined,
        ...(redis
          ? {
              stream: createRedisAuditStream({
                redis,
                // One stream per org: deployments for two orgs may share a Redis.
                key: `park-bot:audit:${orgUuid(actingOrgId)}`,
                ...(cfg.auditStreamMaxLength ? { maxLength: cfg.auditStreamMaxLength } : {}),
              }),
            }
          : {}),
      }));
    if (redis) logger.info("the audit trail is shared through a Redis stream");

    const services: Services = {
      calling: createCallingApi(adminClient, cfg.orgId),
      messaging,
      audit,
      claims,
      clock,
      allowlist: createAllowlist(cfg.allowedEmails, cfg.allowedDomains),
      adminRoles,
      logger,
      cardKey: cfg.cardSigningKey,
      confirmTtlMs: cfg.confirmTtlSeconds * 1000,
      bulk: cfg.bulk ?? DEFAULT_BULK,
      stopping: stopping.signal,
      orgName: await loadOrgName(adminClient, actingOrgId),
      actingOrgId,
      newNonce: () => randomBytes(16).toString("base64url"),
      refusals,
      orgSpaces,
      boundToSpace: false,
      directory,
    };
    // Each org a space is bound to is checked once here, and its telephony calls carry its orgId.
    const spaceServices = new Map<string, Services>();
    const orgServices = new Map<string, Services>();
    for (const [roomId, orgId] of orgSpaces) {
      await atStart("checking a space WEBEX_ORG_SPACES binds", () => verifyBoundSpace(botClient, roomId));
      let bound = orgServices.get(orgId);
      if (!bound) {
        await atStart("checking an org WEBEX_ORG_SPACES binds", () =>
          verifyBoundOrg(adminClient, cfg.admin, orgId),
        );
        bound = {
          ...services,
          calling: createCallingApi(adminClient, orgId),
          actingOrgId: orgId,
          orgName: await loadOrgName(adminClient, orgId),
          boundToSpace: true,
        };
        orgServices.set(orgId, bound);
      }
      spaceServices.set(roomId, bound);
    }

    configureWebexSdk(cfg.apiUrl);
    const { startBot, WEBHOOK_NAME } = await import("./bot/start-bot.js");
    bot = await startBot(
      cfg.botToken,
      services,
      logger,
      createEventFetchers(botClient, { now: () => clock.now() }),
      { ...defaultRetryPolicy, ...options.retry },
      realSleep,
      botMe,
      (roomId) => spaceServices.get(roomId) ?? services,
    );
    await atStart("registering the webhooks", () =>
      ensureWebhooks({
        bot: botClient,
        name: WEBHOOK_NAME,
        targetUrl: `${cfg.publicUrl}/webhook`,
        secret: cfg.webhookSecret,
        logger,
      }),
    );
    ready = true;
    logger.info({ url, webhook: `${cfg.publicUrl}/webhook`, botPersonId: bot.personId }, "ready");
    // Only intents from before this start; with Redis another instance may still be working on a
    // recent one (a delete with its retries, a token refresh, the audit writes: well under 5 min).
    const unfinished = watchUnfinishedDeletes(services, {
      startedAt,
      // An org no space is bound to any more (WEBEX_ORG_SPACES edited since) is still looked up
      // in its own org: the default org's 404 would report a delete that never happened.
      callingFor: (orgId) =>
        orgId === undefined || isSameOrg(orgId, actingOrgId)
          ? services.calling
          : ([...orgServices.values()].find((bound) => isSameOrg(bound.actingOrgId, orgId))?.calling ??
            createCallingApi(adminClient, orgId)),
      minAgeMs: cfg.redisUrl ? 5 * 60_000 : 0,
    });

    const running = bot;
    const openAudit = audit;
    return {
      url,
      server: httpServer,
      bot: running,
      config: cfg,
      idle: server.idle,
      close: async () => {
        ready = false;
        // First, so a running batch starts nothing new while the rest below waits for it.
        stopping.abort();
        try {
          await unfinished.stop();
          await server.drain();
          await running.idle();
          running.stop();
          await new Promise<void>((resolve) => httpServer.close(() => resolve()));
          httpServer.closeAllConnections();
          await openAudit.close();
        } finally {
          // Whatever failed above, no timer keeps refreshing and no connection stays open.
          stopAdminRefresh();
          await claims.close();
          await redis?.quit().catch(() => redis?.disconnect());
        }
      },
    };
  } catch (err) {
    // A refused start leaves nothing behind: no port held, no file or connection open.
    bot?.stop();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeAllConnections();
    await audit?.close();
    stopAdminRefresh();
    await claims.close();
    await redis?.quit().catch(() => redis?.disconnect());
    throw err;
  }
}

/**
 * The org's name for the card, read once at start (GET /organizations/{id}, admin token), for the
 * org WEBEX_ORG_ID names or else the admin's own (from the start-up check's GET /people/me). Best
 * effort: a token without the right to read it still deletes, and the card then shows the org id.
 */
async function loadOrgName(admin: WebexClient, orgId: string | undefined): Promise<string> {
  if (!orgId) return "the admin token's org";
  try {
    const org = await admin.send({
      method: "GET",
      path: `/organizations/${encodeURIComponent(orgId)}`,
      schema: organizationSchema,
    });
    return org.body.displayName;
  } catch {
    return orgId;
  }
}

function selfAddress({ address, family }: AddressInfo): string {
  if (address === "0.0.0.0" || address === "::") return "127.0.0.1";
  return family === "IPv6" ? `[${address}]` : address;
}
