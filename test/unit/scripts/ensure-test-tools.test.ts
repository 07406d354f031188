import { spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../scripts/ensure-test-tools.mjs", import.meta.url));

/** A PATH that holds node alone: no apt-get, no redis-server, as on a machine it cannot install on. */
const bareBin = mkdtempSync(join(tmpdir(), "park-bot-bin-"));
symlinkSync(process.execPath, join(bareBin, "node"));

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [script], {
    env: { PATH: bareBin, ...env },
    encoding: "utf8",
  });
}

describe("the check before npm test", () => {
  it("passes when redis-server and Chromium are where the tests look", () => {
    const result = run({ REDIS_SERVER_PATH: process.execPath, CHROMIUM_PATH: process.execPath });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });

  it("stops at once with one sentence naming the packages when it cannot install them", () => {
    const result = run({
      REDIS_SERVER_PATH: "/nonexistent/redis-server",
      CHROMIUM_PATH: "/nonexistent/chromium",
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("apt-get install redis-server chromium");
    expect(lines[0]).toContain("REDIS_SERVER_PATH / CHROMIUM_PATH");
  });

  it("names only what is missing", () => {
    const result = run({ REDIS_SERVER_PATH: process.execPath, CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("apt-get install chromium`");
    expect(result.stderr).not.toContain("redis-server");
  });
});
