import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { ADMIN_TOKEN, ALICE, BOT_TOKEN, testOrg } from "../e2e/test-org.js";
import { freePort, type SpawnedBot, spawnBot, tempDir } from "./support.js";

// The real process (node --import tsx src/main.ts) as a platform starts it: what it reads before
// anything else (a .env file), and what it says when its port is taken.
const WEBHOOK_SECRET = "process-start-webhook-secret-0123";

describe("starting the real process", () => {
  let emulator: RunningEmulator;
  let bot: SpawnedBot | undefined;
  let blocker: Server | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: testOrg() });
  });
  afterEach(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
    bot = undefined;
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const firstLine = (spawned: SpawnedBot) => JSON.parse(spawned.stdout[0] ?? "{}") as Record<string, unknown>;

  it("a port in use: exits with 'Port N is in use; set PORT', not a TypeError", async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(port, "0.0.0.0", resolve));
    bot = spawnBot({ PORT: String(port) });
    const code = await bot.exited;
    expect(code).toBe(1);
    const stderr = bot.stderr.join("\n");
    expect(stderr).toContain(`Port ${port} is in use; set PORT`);
    expect(stderr).not.toMatch(/TypeError/);
    // And the first line said where the settings came from: no .env here.
    expect(firstLine(bot)).toMatchObject({ mode: "demo", envFile: null });
    expect(String(firstLine(bot).msg)).toContain("no .env file");
  });

  it(".env with a full real configuration: read (the first log line names it), the environment winning over it", async () => {
    const dir = tempDir("dotenv");
    const port = await freePort();
    const decoyPort = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, ".env"),
      [
        "# a full real configuration, as README says: copied from .env.example and filled in",
        `WEBEX_BOT_TOKEN=${BOT_TOKEN}`,
        `WEBEX_ADMIN_TOKEN=${ADMIN_TOKEN}`,
        `WEBEX_API_URL=${emulator.apiUrl}`,
        `WEBEX_WEBHOOK_SECRET="${WEBHOOK_SECRET}"`,
        `PUBLIC_URL=${publicUrl}`,
        `PORT=${decoyPort}`,
        `ALLOWED_EMAILS=${ALICE}`,
        "AUDIT_LOG_PATH=./audit.jsonl",
        "LOG_LEVEL=debug",
        "",
      ].join("\n"),
    );
    // The platform sets PORT (and LOG_LEVEL): those win over the file.
    bot = spawnBot({ PORT: String(port), LOG_LEVEL: "info" }, { cwd: dir });
    await bot.logLine((l) => l.msg === "ready", "ready");

    expect(firstLine(bot)).toMatchObject({ mode: "real", envFile: join(dir, ".env"), level: 30 });
    expect(String(firstLine(bot).msg)).toContain(`settings from the environment and ${join(dir, ".env")}`);
    expect((await fetch(`${publicUrl}/readyz`)).status).toBe(200);
    expect(emulator.webhooks().map((w) => w.targetUrl)).toEqual([
      `${publicUrl}/webhook`,
      `${publicUrl}/webhook`,
    ]);
    // LOG_LEVEL=info from the environment, not debug from the file: no debug line at all.
    const levels = bot.stdout.map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.filter((level) => level < 30)).toEqual([]);
    const everything = [...bot.stdout, ...bot.stderr].join("\n");
    for (const secret of [BOT_TOKEN, ADMIN_TOKEN, WEBHOOK_SECRET]) expect(everything).not.toContain(secret);
  });

  it(".env with a bad value: the error names the variable and the file, never the value", async () => {
    const dir = tempDir("dotenv-bad");
    writeFileSync(join(dir, ".env"), "CONFIRM_TTL_SECONDS=5\n");
    bot = spawnBot({ PORT: "0" }, { cwd: dir });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr.join("\n")).toBe(
      `Invalid configuration: CONFIRM_TTL_SECONDS must be a whole number from 30 to 86400 (settings from the environment and ${join(dir, ".env")})`,
    );
  });
});
