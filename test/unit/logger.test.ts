import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `body` in a fresh Node process with `createLogger` imported; returns its stdout lines. */
function runWithLogger(body: string): Record<string, unknown>[] {
  const script = `import { createLogger } from "./src/logger.ts";\n${body}`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("createLogger on stdout", () => {
  // Stdout is written asynchronously; a line logged just before process.exit must still arrive.
  it("flushes every line when the process exits straight after logging", () => {
    const lines = runWithLogger(`
      const logger = createLogger("info");
      for (let i = 0; i < 2000; i++) logger.info({ i }, "line");
      logger.error("last words");
      process.exit(0);
    `);
    expect(lines).toHaveLength(2001);
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: "last words", service: "park-bot" });
    expect(lines.slice(0, -1).map((l) => l.i)).toEqual([...Array(2000).keys()]);
  });

  it("redacts credentials on the default destination too", () => {
    const [line] = runWithLogger(`
      createLogger("info").info({ token: "sekrit-1", headers: { authorization: "Bearer sekrit-2" } }, "x");
    `);
    expect(JSON.stringify(line)).not.toMatch(/sekrit/);
    expect(line).toMatchObject({ token: "[redacted]", headers: { authorization: "[redacted]" } });
  });
});
