import { defineConfig } from "vitest/config";

// `npm test` runs both projects: everything under test/ but the browser, and the browser test,
// which drives the playground in the system's headless Chromium (playwright-core, no download;
// scripts/ensure-test-tools.mjs makes sure Chromium and redis-server are there first).
export default defineConfig({
  test: {
    // Each end-to-end file starts its own emulator and bot on ephemeral ports; files run in parallel.
    pool: "forks",
    // Vitest's default is one worker per core less one: on a 2-core machine, one file at a time.
    // These files mostly wait (on loopback HTTP, child processes, a held emulator answer), so
    // three at once use the two cores instead of idling them.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**"],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
