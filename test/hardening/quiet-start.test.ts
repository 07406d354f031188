import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support.js";

/** What the SDK and the framework used to write to stderr on every start and on a failed click. */
const NOISE = [/wx-js-sdk/, /failed to init initial services/, /attachmentAction generated error/];

describe("stderr stays quiet", () => {
  it("a start, a request and a click whose fetch fails write nothing to stderr; the SDK's and the framework's complaints are in our logs", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/hardening/quiet-start-child.ts"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        // The noise is the failure: no need to wait for the child to finish its run.
        if (NOISE.some((n) => n.test(stderr))) {
          child.kill();
          resolve();
        }
      });
      child.once("exit", () => resolve());
    });

    for (const noise of NOISE) expect(stderr).not.toMatch(noise);
    expect(stderr).toBe("");
    const result = JSON.parse(stdout) as {
      sdkLine: Record<string, unknown>;
      fetchFailures: number;
      replies: string[];
    };
    expect(result.sdkLine).toMatchObject({ level: 20, sdkLevel: "error" });
    expect(result.fetchFailures).toBe(1);
    // The click was still handled, on the bot's retry.
    expect(result.replies.at(-1)).toMatch(/cancel/i);
  }, 60_000);
});
