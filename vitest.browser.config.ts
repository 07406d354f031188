import { defineConfig } from "vitest/config";

// `npm run test:browser`: drives the playground in the system's headless Chromium (playwright-core,
// no browser download). Kept apart from `npm test`, which must run on machines without a browser.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
