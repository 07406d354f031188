import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each end-to-end file starts its own emulator and bot on ephemeral ports; files run in parallel.
    pool: "forks",
  },
});
