import { Writable } from "node:stream";
import type { BotConfig } from "../../src/config.js";
import { deriveCardSigningKey } from "../../src/confirm/card-token.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import { createLogger } from "../../src/logger.js";
import { type AppOptions, type RunningApp, startApp } from "../../src/start-app.js";
import { ADMIN_TOKEN, ALICE, BOB, BOT_TOKEN, testOrg } from "./test-org.js";

export const WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";

export interface Harness {
  emulator: RunningEmulator;
  app: RunningApp;
  /** Every JSON line the bot logged. */
  logs: Record<string, unknown>[];
  roomId(title: string): string;
  personId(email: string): string;
  /** A person says something in a room (mentioning the bot in group rooms), then the bot finishes handling it. */
  say(from: string, roomTitle: string, text: string, options?: { parentId?: string }): Promise<void>;
  /** Messages the bot posted in a room, oldest first. */
  botMessages(roomTitle: string): ReturnType<RunningEmulator["messages"]>;
  /** The newest card the bot posted in a room. */
  lastCard(roomTitle: string): NonNullable<ReturnType<RunningEmulator["message"]>>;
  press(by: string, messageId: string, button: string | number): Promise<void>;
  /** Requests made with the admin token to telephony paths. */
  telephonyCalls(): RunningEmulator["requests"][number][];
  close(): Promise<void>;
}

export interface HarnessOptions {
  seed?: OrgSeed;
  config?: Partial<BotConfig>;
  app?: Partial<Pick<AppOptions, "clock" | "claims" | "retry" | "audit">>;
  emulator?: Parameters<typeof startEmulator>[0] extends infer O ? Partial<O> : never;
}

/**
 * The real server and the real framework against the emulator, over real HTTP on loopback. Retry
 * waits are shortened so fault tests run in milliseconds; nothing else is replaced.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ seed: options.seed ?? testOrg(), ...options.emulator });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger("debug", sink);
  const app = await startApp({
    port: 0,
    host: "127.0.0.1",
    logger,
    retry: {
      defaultRetryAfterMs: 20,
      baseBackoffMs: 5,
      maxBackoffMs: 20,
      maxRetryAfterMs: 2_000,
      ...options.app?.retry,
    },
    ...(options.app?.clock ? { clock: options.app.clock } : {}),
    ...(options.app?.claims ? { claims: options.app.claims } : {}),
    ...(options.app?.audit ? { audit: options.app.audit } : {}),
    config: (url) => ({
      botToken: BOT_TOKEN,
      admin: { kind: "static", token: ADMIN_TOKEN },
      orgId: undefined,
      apiUrl: emulator.apiUrl,
      webhookSecret: WEBHOOK_SECRET,
      publicUrl: url,
      port: 0,
      allowedEmails: [ALICE, BOB],
      allowedDomains: [],
      confirmTtlSeconds: 300,
      cardSigningKey: deriveCardSigningKey(WEBHOOK_SECRET),
      logLevel: "debug",
      redisUrl: undefined,
      auditLogPath: "",
      ...options.config,
    }),
  });

  const roomId = (title: string) => {
    const room = emulator.room(title);
    if (!room) throw new Error(`no room ${title}`);
    return room.id;
  };
  const personId = (email: string) => {
    const person = emulator.person(email);
    if (!person) throw new Error(`no person ${email}`);
    return person.id;
  };
  const botMessages = (roomTitle: string) =>
    emulator.messages(roomId(roomTitle)).filter((m) => m.personId === emulator.botPerson.id);

  return {
    emulator,
    app,
    logs,
    roomId,
    personId,
    say: async (from, roomTitle, text, opts) => {
      const id = roomId(roomTitle);
      const room = emulator.room(roomTitle);
      await emulator.say({ from, roomId: id, text, mention: room?.type === "group", ...opts });
      await app.idle();
    },
    botMessages,
    lastCard: (roomTitle) => {
      const card = botMessages(roomTitle)
        .filter((m) => (m.attachments?.length ?? 0) > 0)
        .at(-1);
      if (!card) throw new Error(`no card in ${roomTitle}`);
      return card;
    },
    press: async (by, messageId, button) => {
      await emulator.pressButton({ by, messageId, button });
      await app.idle();
    },
    telephonyCalls: () => emulator.requests.filter((r) => r.path.startsWith("/telephony")),
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}
