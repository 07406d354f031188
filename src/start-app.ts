import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Services } from "../commands/command.js";
import { watchUnfinishedDeletes } from "../commands/watch-unfinished-deletes.js";
import { createAllowlist } from "./allowlist.js";
import type { AuditLog } from "./audit/audit-log.js";
import { createAuditLog } from "./audit/create-audit-log.js";
import { configureWebexSdk } from "./bot/configure-webex-sdk.js";
import type { RunningBot } from "./bot/start-bot.js";
import { type Clock, realSleep, systemClock } from "./clock.js";
import type { BotConfig } from "./config.js";
import type { ClaimStore } from "./confirm/claim-store.js";
import { createMemoryClaimStore } from "./confirm/create-memory-claim-store.js";
import { createRedisClaimStore } from "./confirm/create-redis-claim-store.js";
import { createRefusalLimiter } from "./confirm/create-refusal-limiter.js";
import type { Logger } from "./logger.js";
import { createServer } from "./server.js";
import { createCallingApi } from "./webex/create-calling-api.js";
import { createEventFetchers } from "./webex/create-event-fetchers.js";
import { createMessagingApi } from "./webex/create-messaging-api.js";
import { createRefreshingToken } from "./webex/create-refreshing-token.js";
import { type AttemptEvent, createWebexClient, type WebexClient } from "./webex/create-webex-client.js";
import { ensureWebhooks } from "./webex/ensure-webhooks.js";
import { defaultRetryPolicy, type RetryPolicy } from "./webex/retry-policy.js";
import { organizationSchema, personSchema } from "./webex/schemas.js";
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
  onAttempt?: (event: AttemptEvent & { token: "bot" | "admin" }) => void;
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
 * Composition: server first (so /healthz answers during start-up), then the framework and our
 * webhooks; /readyz turns 200 when both are done.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  // Chosen once the configuration is known (REDIS_URL); no webhook is accepted before that.
  let claims: ClaimStore = options.claims ?? createMemoryClaimStore(clock);
  let config: BotConfig | undefined = typeof options.config === "function" ? undefined : options.config;
  let bot: RunningBot | undefined;
  let ready = false;

  const server = createServer({
    logger,
    webhookSecret: () => config?.webhookSecret,
    dedupe: {
      claim: (key, ttlMs) => claims.claim(key, ttlMs),
      set: (key, value, ttlMs) => claims.set(key, value, ttlMs),
      get: (key) => claims.get(key),
      close: () => claims.close(),
    },
    isReady: () => ready,
    onEvent: async (event) => {
      if (!bot) throw new Error("event before the bot started");
      await bot.handleEvent(event);
    },
    ...(options.mount ? { mount: options.mount } : {}),
  });

  const httpServer = await new Promise<Server>((resolve, reject) => {
    const s = server.app.listen(options.port, options.host ?? "0.0.0.0", () => resolve(s));
    s.once("error", reject);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (typeof options.config === "function") config = options.config(url);
  if (!config) throw new Error("no configuration");
  const cfg = config;
  const audit =
    options.audit ?? (await createAuditLog({ logger, clock, path: cfg.auditLogPath || undefined }));
  if (!options.claims && cfg.redisUrl) {
    await claims.close();
    claims = createRedisClaimStore(cfg.redisUrl, logger);
    logger.info("card claims and seen events are shared through Redis");
  }

  const client = (tokens: TokenProvider, which: "bot" | "admin"): WebexClient =>
    createWebexClient({
      baseUrl: cfg.apiUrl,
      tokens,
      logger: logger.child({ token: which }),
      clock,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onAttempt
        ? { onAttempt: (e: AttemptEvent) => options.onAttempt?.({ ...e, token: which }) }
        : {}),
    });
  const botClient = client(staticToken(cfg.botToken), "bot");
  const adminTokens =
    cfg.admin.kind === "static"
      ? staticToken(cfg.admin.token)
      : createRefreshingToken({
          client: client(staticToken(""), "admin"),
          clientId: cfg.admin.clientId,
          clientSecret: cfg.admin.clientSecret,
          refreshToken: cfg.admin.refreshToken,
          clock,
          logger,
        });
  // Fail at start, not at the first deletion, when the admin credentials do not work.
  await adminTokens.getToken();
  const adminClient = client(adminTokens, "admin");

  const actingOrg = await loadActingOrg(adminClient, cfg.orgId, logger);
  const services: Services = {
    calling: createCallingApi(adminClient, cfg.orgId),
    messaging: createMessagingApi(botClient),
    audit,
    claims,
    clock,
    allowlist: createAllowlist(cfg.allowedEmails, cfg.allowedDomains),
    logger,
    cardKey: cfg.cardSigningKey,
    confirmTtlMs: cfg.confirmTtlSeconds * 1000,
    orgId: cfg.orgId,
    orgName: actingOrg.name,
    actingOrgId: actingOrg.id,
    newNonce: () => randomBytes(16).toString("base64url"),
    refusals: createRefusalLimiter({ clock }),
  };

  configureWebexSdk(cfg.apiUrl);
  const { startBot, WEBHOOK_NAME } = await import("./bot/start-bot.js");
  bot = await startBot(
    cfg.botToken,
    services,
    logger,
    createEventFetchers(botClient, { now: () => clock.now() }),
    { ...defaultRetryPolicy, ...options.retry },
    realSleep,
  );
  await ensureWebhooks({
    bot: botClient,
    name: WEBHOOK_NAME,
    targetUrl: `${cfg.publicUrl}/webhook`,
    secret: cfg.webhookSecret,
    logger,
  });
  ready = true;
  logger.info({ url, webhook: `${cfg.publicUrl}/webhook`, botPersonId: bot.personId }, "ready");
  // With Redis another instance may be mid-delete on an intent; a file is this process's alone.
  const unfinished = watchUnfinishedDeletes(services, {
    minAgeMs: cfg.redisUrl ? 2 * { ...defaultRetryPolicy, ...options.retry }.maxTotalMs : 0,
  });

  const running = bot;
  return {
    url,
    server: httpServer,
    bot: running,
    config: cfg,
    idle: server.idle,
    close: async () => {
      ready = false;
      await unfinished.stop();
      await server.drain();
      await running.idle();
      running.stop();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await audit.close();
      await claims.close();
    },
  };
}

/**
 * The org the admin token acts on (`WEBEX_ORG_ID`, else the admin's own: GET /people/me) and its
 * name for the card (GET /organizations/{id}), admin token, read once at start. The name is best
 * effort (a token without the right to read it still deletes, and the card then shows the id); an
 * unknown id leaves `id` undefined, and then nobody may ask (checkRequester).
 */
async function loadActingOrg(
  admin: WebexClient,
  orgId: string | undefined,
  logger: Logger,
): Promise<{ id: string | undefined; name: string }> {
  try {
    const id =
      orgId ?? (await admin.send({ method: "GET", path: "/people/me", schema: personSchema })).body.orgId;
    if (!id) return { id: undefined, name: "this org" };
    try {
      const org = await admin.send({
        method: "GET",
        path: `/organizations/${encodeURIComponent(id)}`,
        schema: organizationSchema,
      });
      return { id, name: org.body.displayName };
    } catch {
      return { id, name: id };
    }
  } catch (err) {
    logger.warn({ err }, "could not read the admin's org");
    return { id: orgId, name: "the admin token's org" };
  }
}
