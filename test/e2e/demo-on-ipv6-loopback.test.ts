import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { startDemo } from "../../src/start-demo.js";
import { send } from "../support/send-with-host.js";

// A file of its own: the framework's SDK takes one API URL per process.
describe("the demo on another loopback interface (HOST=::1)", () => {
  it("reaches its own emulator there and starts, answering to [::1]", async () => {
    const demo = await startDemo({ port: 0, host: "::1", logger: createLogger("silent") });
    try {
      expect(demo.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const port = new URL(demo.url).port;
      expect((await send(demo.url, "GET", "/readyz", `[::1]:${port}`)).status).toBe(200);
      expect((await send(demo.url, "GET", "/playground/api/state", `[::1]:${port}`)).status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
