import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Message } from "../../src/emulator/api-shapes.js";
import { createEmulator, type Emulator } from "../../src/emulator/create-emulator.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import type { RequestLogEntry } from "../../src/emulator/request-log.js";
import type { Harness } from "../e2e/harness.js";
import { testOrg } from "../e2e/test-org.js";

/** The repository root: the spawned bot runs `src/main.ts` from here. */
export const REPO_ROOT = new URL("../../", import.meta.url).pathname;

export const CLIENT_ID = "hardening-service-app";
export const CLIENT_SECRET = "hardening-client-secret-0001";
export const REFRESH_TOKEN = "hardening-refresh-token-0001";

/** `testOrg()` plus one service app acting for Ada (the seed's admin). */
export function serviceAppOrg(
  app: {
    clientId?: string;
    clientSecret?: string;
    refreshToken?: string;
    accessTokenTtlSeconds?: number;
    rotateRefreshToken?: boolean;
  } = {},
): OrgSeed {
  const seed = testOrg();
  seed.serviceApps = [
    {
      clientId: app.clientId ?? CLIENT_ID,
      clientSecret: app.clientSecret ?? CLIENT_SECRET,
      refreshToken: app.refreshToken ?? REFRESH_TOKEN,
      adminEmail: "ada@acme.example",
      ...(app.accessTokenTtlSeconds !== undefined
        ? { accessTokenTtlSeconds: app.accessTokenTtlSeconds }
        : {}),
      ...(app.rotateRefreshToken !== undefined ? { rotateRefreshToken: app.rotateRefreshToken } : {}),
    },
  ];
  return seed;
}

/** The bot's `admin` configuration for the service app of `serviceAppOrg()`. */
export function refreshAdmin(
  overrides: { clientSecret?: string; refreshToken?: string; clientId?: string } = {},
) {
  return {
    kind: "refresh" as const,
    clientId: overrides.clientId ?? CLIENT_ID,
    clientSecret: overrides.clientSecret ?? CLIENT_SECRET,
    refreshToken: overrides.refreshToken ?? REFRESH_TOKEN,
  };
}

export function tokenRequests(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((r) => r.method === "POST" && r.path === "/access_token");
}

export function telephony(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((r) => r.path.startsWith("/telephony"));
}

/** Requests logged after the one with sequence number `seq`. */
export function requestsAfter(entries: readonly RequestLogEntry[], seq: number): RequestLogEntry[] {
  return entries.filter((r) => r.seq > seq);
}

/** The sequence number of the newest logged request (0 when none). */
export function lastSeq(entries: readonly RequestLogEntry[]): number {
  return entries.at(-1)?.seq ?? 0;
}

export function isParkDelete(r: RequestLogEntry): boolean {
  return (
    r.method === "DELETE" && /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/[^/]+$/.test(r.path)
  );
}

/** Matches the emulator's DELETE route for a call park extension (for `faults.inject`). */
export const DELETE_ROUTE = /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/[^/]+$/;

/**
 * Waits, without asserting anything about time, until `ready()` holds. The bound only turns a hang
 * into a readable failure; the test's own timeout is the real limit.
 */
export async function waitUntil(ready: () => boolean, what: string, boundMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!ready()) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export { freePort } from "../support/free-port.js";

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `park-bot-${prefix}-`));
}

export interface SpawnedBot {
  child: ChildProcess;
  /** Every stdout line so far. */
  stdout: string[];
  /** Every stderr line so far. */
  stderr: string[];
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Resolves with the first stdout line (parsed JSON) for which `match` holds. */
  logLine(match: (line: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
}

/** tsx's loader, by absolute URL: the spawned bot's working directory is not the repository. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * `node --import tsx src/main.ts`, the real entry point, in a clean environment: only PATH and HOME
 * are inherited, so no WEBEX_* of the developer's shell leaks in; and in an empty working directory
 * (or `cwd`), so no `.env` of the developer's clone is read either.
 */
export function spawnBot(env: Record<string, string>, options: { cwd?: string } = {}): SpawnedBot {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, join(REPO_ROOT, "src/main.ts")], {
    cwd: options.cwd ?? tempDir("cwd"),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: {
    match: (line: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  const split = (sink: string[], onLine?: (line: string) => void) => {
    let rest = "";
    return (chunk: Buffer) => {
      rest += chunk.toString("utf8");
      const lines = rest.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        sink.push(line);
        onLine?.(line);
      }
    };
  };
  const parse = (line: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  child.stdout?.on(
    "data",
    split(stdout, (line) => {
      const parsed = parse(line);
      if (!parsed) return;
      for (const waiter of [...waiters]) {
        if (waiter.match(parsed)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(parsed);
        }
      }
    }),
  );
  child.stderr?.on("data", split(stderr));
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return {
    child,
    stdout,
    stderr,
    exited,
    logLine: (match, what) => {
      const seen = stdout.map(parse).find((l) => l !== undefined && match(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then((code) =>
          reject(new Error(`the bot exited (${code}) before logging ${what}; stderr: ${stderr.join("\n")}`)),
        );
      });
    },
  };
}

/** Every text a bot message carries that a Webex client shows or interprets. */
export function visibleParts(m: Message): string {
  return [m.markdown ?? "", m.text, m.html ?? "", JSON.stringify(m.attachments ?? [])].join("\n");
}

/** The bot's messages in every room of the harness's org. */
export function allBotMessages(h: Harness): Message[] {
  return h.emulator
    .rooms()
    .flatMap((room) => h.emulator.messages(room.id))
    .filter((m) => m.personId === h.emulator.botPerson.id);
}

export interface ServedEmulator {
  emulator: Emulator;
  /** What a spawned bot's WEBEX_API_URL is set to. */
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * The test org's emulator, its bot and first admin given these tokens, behind a loopback HTTP
 * server: a spawned bot's Webex. `onArrival` hears of each request (its method, and its path after
 * /v1) before the emulator answers it, injected delays included.
 */
export async function serveEmulator(
  tokens: { bot: string; admin: string },
  onArrival: (method: string, path: string) => void = () => {},
): Promise<ServedEmulator> {
  const seed = testOrg();
  seed.bot.token = tokens.bot;
  const [admin] = seed.admins;
  if (!admin) throw new Error("no admin in the seed");
  admin.token = tokens.admin;
  const emulator = createEmulator({ seed });
  const server = createServer((req, res) => {
    onArrival(req.method ?? "", new URL(req.url ?? "/", "http://x").pathname.replace(/^\/v1/, ""));
    emulator.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    emulator,
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
