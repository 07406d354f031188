import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";

// `npm start` without a Webex token, through the real entry point (src/main.ts reads the
// environment), run from an empty directory: what it leaves behind and where it listens.
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = pathToFileURL(join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const ALICE = "alice@acme.example";

type Line = Record<string, unknown>;

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

/** Starts the demo in `cwd` with only PATH, HOME and `env`; resolves with its log lines once it is ready. */
async function startDemoProcess(cwd: string, env: Record<string, string>): Promise<Line[]> {
  const lines: Line[] = [];
  const proc = spawn(process.execPath, ["--import", TSX, join(REPO_ROOT, "src/main.ts")], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let stderr = "";
  proc.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  await new Promise<void>((resolve, reject) => {
    let rest = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      rest += chunk.toString("utf8");
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      for (const part of parts) {
        try {
          const line = JSON.parse(part) as Line;
          lines.push(line);
          if (String(line.msg).startsWith("Park Bot demo is ready")) resolve();
        } catch {
          // Not a log line (the SDK writes plain text).
        }
      }
    });
    proc.once("exit", (code) =>
      reject(new Error(`the demo exited (${code}) before it was ready: ${stderr}`)),
    );
  });
  return lines;
}

describe("demo mode from the entry point", () => {
  it("leaves no file in its working directory, even once it has audited a request", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "park-bot-demo-cwd-"));
    const port = await freePort();
    await startDemoProcess(cwd, { PORT: String(port) });
    const base = `http://127.0.0.1:${port}`;
    const state = (await (await fetch(`${base}/playground/api/state`)).json()) as {
      rooms: { id: string; title: string }[];
    };
    const alice = state.rooms.find((r) => r.title === "Alice");
    const said = await fetch(`${base}/playground/api/say`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: ALICE, roomId: alice?.id, text: "delete park ext 1234 at HQ" }),
    });
    expect(said.status).toBe(201);
    // The request is audited before the card is posted: wait for the card.
    let carded = false;
    for (let i = 0; i < 400 && !carded; i++) {
      const s = (await (await fetch(`${base}/playground/api/state`)).json()) as {
        rooms: { title: string; messages: { card?: unknown }[] }[];
      };
      carded = s.rooms.find((r) => r.title === "Alice")?.messages.some((m) => m.card) ?? false;
      if (!carded) await new Promise((r) => setTimeout(r, 25));
    }
    expect(carded).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("warns loudly when HOST opens the demo beyond loopback", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "park-bot-demo-cwd-"));
    const port = await freePort();
    const lines = await startDemoProcess(cwd, { PORT: String(port), HOST: "0.0.0.0" });
    const warning = lines.find(
      (l) => l.level === 40 && String(l.msg).includes("DEMO MODE IS LISTENING ON 0.0.0.0"),
    );
    expect(warning?.host).toBe("0.0.0.0");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
