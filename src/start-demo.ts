import { randomBytes } from "node:crypto";
import { createAllowlist } from "./allowlist.js";
import type { BulkSettings } from "./config.js";
import { deriveCardSigningKey } from "./confirm/card-token.js";
import { createEmulator, type Emulator } from "./emulator/create-emulator.js";
import { buildDemoOrg } from "./emulator/demo-org.js";
import type { Logger, LogLevel } from "./logger.js";
import { createPlayground, type Playground } from "./playground/create-playground.js";
import { requireLoopbackHost } from "./playground/require-loopback-host.js";
import { type RunningApp, startApp } from "./start-app.js";
import type { RetryPolicy } from "./webex/retry-policy.js";

export interface DemoOptions {
  /** Port of the bot, the emulator and the playground (one server); 0 picks a free one. */
  port: number;
  /**
   * Interface to listen on; default 127.0.0.1. The demo's act-as API lets anyone who reaches it speak
   * as any demo person, and its tokens and webhook secret are public, so it stays on this machine
   * unless asked otherwise (HOST); any other interface is warned about in the log.
   */
  host?: string;
  logger: Logger;
  /** How long a confirm card stays valid (s); default 300. */
  confirmTtlSeconds?: number;
  /** The admin-role rule; default on (the demo org seeds roles, and a read-only admin it refuses). */
  requireWebexAdmin?: boolean;
  /** How long one person's roles are trusted (s); default 60. */
  roleCacheSeconds?: number;
  /** Bulk delete and Undo; default DEFAULT_BULK. */
  bulk?: BulkSettings;
  /** Default "info". Only recorded in the configuration: the logger is already built. */
  logLevel?: LogLevel;
  /**
   * Append-only audit file. Default none: a demo leaves no files, and its audit is kept in memory
   * (the last events of each kind), so `audit` still answers.
   */
  auditLogPath?: string;
  /** Shares claims through Redis when set; default in memory. */
  redisUrl?: string;
  /** Shorter retry waits for tests; default the production policy, so the demo shows the real behaviour. */
  retry?: Partial<RetryPolicy>;
  /** The playground's event-stream heartbeat (ms); default 15 000. */
  heartbeatMs?: number;
}

export type RunningDemo = RunningApp & { emulator: Emulator; playground: Playground };

/**
 * Demo mode: the Webex emulator, seeded with the demo org, mounted at /emulator on the bot's own
 * server, the real bot wired to it over real HTTP (webhooks signed as Webex signs them), and the
 * playground page at /. Reads no environment: main.ts passes what it read.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { logger } = options;
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) {
    logger.warn(
      { host },
      `DEMO MODE IS LISTENING ON ${host}, NOT ONLY ON THIS MACHINE: anyone who can reach this port can act as any demo person, read the demo tokens and sign webhooks. Unset HOST to keep the demo on 127.0.0.1.`,
    );
  }
  const seed = buildDemoOrg();
  // Known once the server listens; until then no webhook can be registered at all.
  let ownOrigin: string | undefined;
  const emulator = createEmulator({
    seed,
    // Webhooks go to this server only: a demo token must not make this machine post elsewhere.
    allowedWebhookOrigins: () => (ownOrigin ? [ownOrigin] : []),
  });
  // A fresh secret per run: the emulator lives and dies with this process.
  const webhookSecret = randomBytes(24).toString("hex");
  const admin = seed.admins[0];
  if (!admin) throw new Error("the demo org has no admin");
  // Mallory (a contractor) is left out on purpose: the demo must be able to show a refusal.
  const allowedEmails = seed.people
    .filter((p) => !p.email.endsWith("contractor.example"))
    .map((p) => p.email);
  const allowlist = createAllowlist(allowedEmails, []);
  const requireWebexAdmin = options.requireWebexAdmin ?? true;
  const playground = createPlayground(emulator, {
    isAllowed: allowlist.isAllowed,
    requiresFullAdmin: requireWebexAdmin,
    logger,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });

  const app = await startApp({
    port: options.port,
    host,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
    mount: (express) => {
      // Before the emulator and the playground (the webhook, signed, and health routes come first).
      if (isLoopback(host)) express.use(requireLoopbackHost());
      express.use("/emulator", emulator.app);
      express.use(playground);
    },
    config: (url) => {
      ownOrigin = new URL(url).origin;
      return {
        botToken: seed.bot.token,
        admin: { kind: "static", token: admin.token },
        orgId: undefined,
        apiUrl: `${url}/emulator/v1`,
        webhookSecret,
        publicUrl: url,
        port: options.port,
        allowedEmails,
        allowedDomains: [],
        confirmTtlSeconds: options.confirmTtlSeconds ?? 300,
        requireWebexAdmin,
        roleCacheSeconds: options.roleCacheSeconds ?? 60,
        ...(options.bulk ? { bulk: options.bulk } : {}),
        cardSigningKey: deriveCardSigningKey(webhookSecret),
        logLevel: options.logLevel ?? "info",
        redisUrl: options.redisUrl,
        auditLogPath: options.auditLogPath ?? "",
      };
    },
  }).catch((err: unknown) => {
    playground.close();
    throw err;
  });

  return {
    ...app,
    emulator,
    playground,
    close: async () => {
      // Open event streams (a browser tab) would otherwise hold the HTTP server's close open forever.
      playground.close();
      await app.close();
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost: interfaces no other machine can reach. */
function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}
