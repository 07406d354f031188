import { defineConfig } from "vitest/config";

// `npm test` runs both projects: everything under test/ but the browser, and the browser test,
// which drives the playground in the system's headless Chromium (playwright-core, no download;
// scripts/ensure-test-tools.mjs makes sure Chromium and redis-server are there first).
export default defineConfig({
  test: {
    // Each end-to-end file starts its own emulator and bot on ephemeral ports; files run in parallel.
    pool: "forks",
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
