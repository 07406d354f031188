import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import type { BotConfig } from "../../src/config.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import { installProcessGuards } from "../../src/install-process-guards.js";
import { createLogger } from "../../src/logger.js";
import { type AppOptions, type RunningApp, startApp } from "../../src/start-app.js";
import type { AttemptEvent } from "../../src/webex/create-webex-client.js";
import { TEST_WEBHOOK_SECRET, testBotConfig } from "../support/test-bot-config.js";
import { testOrg } from "./test-org.js";

export const WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;

export interface Harness {
  emulator: RunningEmulator;
  /** The running bot; replaced by `restartApp`. */
  readonly app: RunningApp;
  /** Every JSON line the bot logged. */
  logs: Record<string, unknown>[];
  /** Every attempt the bot's own Webex client made (not the framework's SDK), in order. */
  attempts: (AttemptEvent & { credential: "bot" | "admin" })[];
  roomId(title: string): string;
  personId(email: string): string;
  /** A person says something in a room (mentioning the bot in group rooms), then the bot finishes handling it. */
  say(from: string, roomTitle: string, text: string, options?: { parentId?: string }): Promise<void>;
  /** Messages the bot posted in a room, oldest first. */
  botMessages(roomTitle: string): ReturnType<RunningEmulator["messages"]>;
  /** The newest card the bot posted in a room. */
  lastCard(roomTitle: string): NonNullable<ReturnType<RunningEmulator["message"]>>;
  press(by: string, messageId: string, button: string | number): Promise<void>;
  /** A forged or replayed submission: `inputs` as given, on an existing card message; then the bot finishes. */
  submit(by: string, messageId: string, inputs: Record<string, unknown>): Promise<void>;
  /** Requests made with the admin token to telephony paths. */
  telephonyCalls(): RunningEmulator["requests"][number][];
  /** Closes the bot (it deletes no webhook); the emulator keeps running. */
  stopApp(): Promise<void>;
  /** Starts a new bot on the port the first one had (so its webhook URL is the same). */
  startAppAgain(): Promise<void>;
  /** `stopApp`, then `between`, then `startAppAgain` (with `config` laid over the configuration from then on). */
  restartApp(between?: () => void | Promise<void>, config?: Partial<BotConfig>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  seed?: OrgSeed;
  /** Configuration overrides; a function gets the running emulator (for `orgId: emulator.org.id`). */
  config?: Partial<BotConfig> | ((emulator: RunningEmulator) => Partial<BotConfig>);
  app?: Partial<Pick<AppOptions, "clock" | "claims" | "retry" | "audit">>;
  emulator?: Parameters<typeof startEmulator>[0] extends infer O ? Partial<O> : never;
  /** Runs once the emulator listens and before the bot starts (inject start-up faults here). */
  beforeApp?: (emulator: RunningEmulator) => void;
  /** Runs as soon as the bot's server listens, before the framework and webhooks are ready. */
  onListening?: (url: string) => void;
}

/**
 * The real server and the real framework against the emulator, over real HTTP on loopback. Retry
 * waits are shortened so fault tests run in milliseconds; nothing else is replaced.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ seed: options.seed ?? testOrg(), ...options.emulator });
  options.beforeApp?.(emulator);
  const logs: Record<string, unknown>[] = [];
  const attempts: Harness["attempts"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger("debug", sink);
  // As in production (main.ts): the SDK's own unawaited rejections are logged, not fatal.
  const removeGuards = installProcessGuards(logger);
  let overrides = typeof options.config === "function" ? options.config(emulator) : options.config;

  const launch = (port: number) =>
    startApp({
      port,
      host: "127.0.0.1",
      logger,
      retry: {
        defaultRetryAfterMs: 20,
        baseBackoffMs: 5,
        maxBackoffMs: 20,
        maxRetryAfterMs: 2_000,
        attemptTimeoutMs: 2_000,
        ...options.app?.retry,
      },
      onAttempt: (event) => {
        attempts.push(event);
      },
      ...(options.app?.clock ? { clock: options.app.clock } : {}),
      ...(options.app?.claims ? { claims: options.app.claims } : {}),
      ...(options.app?.audit ? { audit: options.app.audit } : {}),
      config: (url) => {
        options.onListening?.(url);
        return testBotConfig(emulator.apiUrl, url, overrides);
      },
    });
  let app: RunningApp | undefined = await launch(0);
  const { port } = app.server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  const stopApp = async () => {
    stopping ??= app?.close();
    await stopping;
  };
  const startAppAgain = async () => {
    await stopApp();
    stopping = undefined;
    app = await launch(port);
  };
  const running = () => {
    if (!app) throw new Error("the bot is not running");
    return app;
  };

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
    get app() {
      return running();
    },
    logs,
    attempts,
    roomId,
    personId,
    say: async (from, roomTitle, text, opts) => {
      const id = roomId(roomTitle);
      const room = emulator.room(roomTitle);
      await emulator.say({ from, roomId: id, text, mention: room?.type === "group", ...opts });
      await running().idle();
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
      await running().idle();
    },
    submit: async (by, messageId, inputs) => {
      await emulator.submitAction({ by, messageId, inputs });
      await running().idle();
    },
    telephonyCalls: () => emulator.requests.filter((r) => r.path.startsWith("/telephony")),
    stopApp,
    startAppAgain,
    restartApp: async (between, config) => {
      await stopApp();
      await between?.();
      if (config) overrides = { ...overrides, ...config };
      await startAppAgain();
    },
    close: async () => {
      await stopApp();
      await emulator.close();
      removeGuards();
    },
  };
}

/**
 * The harness as the file's fixture: started before its first test, closed after its last (in the
 * describe block it is called in). The object forwards to the running harness, so a test reads
 * `h.emulator`, `h.say(…)` as with startHarness. Options that need set-up of their own (an audit
 * log to open) can be given as an async function, called in beforeAll.
 */
export function useHarness(options: HarnessOptions | (() => Promise<HarnessOptions>) = {}): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(typeof options === "function" ? await options() : options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Harness, {
    get: (_target, key) => {
      if (!started) throw new Error("the harness starts in beforeAll: use it in a test or a later hook");
      const value: unknown = Reflect.get(started, key);
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}

/** `X-Spark-Signature` for `body`: lowercase hex HMAC-SHA1 of the exact bytes, keyed by the secret. */
export function signWebhook(body: Buffer | string, secret: string = WEBHOOK_SECRET): string {
  return createHmac("sha1", secret).update(body).digest("hex");
}
