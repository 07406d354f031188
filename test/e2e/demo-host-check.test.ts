import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { type RunningDemo, startDemo } from "../../src/start-demo.js";
import { send } from "../support/send-with-host.js";

describe("the demo answers only requests addressed to this machine", () => {
  let demo: RunningDemo;
  let port: string;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, logger: createLogger("silent") });
    port = new URL(demo.url).port;
  });
  afterAll(async () => {
    await demo?.close();
  });

  it.each([
    ["POST", "/playground/api/reset", "{}"],
    ["GET", "/playground/api/state", undefined],
    ["GET", "/emulator/v1/people/me", undefined],
    ["GET", "/", undefined],
  ])("%s %s with a rebound host name → 421, nothing done", async (method, path, body) => {
    const res = await send(demo.url, method, path, `rebound.example:${port}`, body);
    expect(res.status).toBe(421);
    expect(JSON.parse(res.text)).toEqual({ error: "This demo answers only to 127.0.0.1 or localhost." });
  });

  it.each(["127.0.0.1", "localhost"])("the same requests addressed to %s are served", async (name) => {
    expect((await send(demo.url, "GET", "/playground/api/state", `${name}:${port}`)).status).toBe(200);
    expect((await send(demo.url, "GET", "/", `${name}:${port}`)).status).toBe(200);
  });

  it("health and readiness still answer whatever the host name (a load balancer's probe)", async () => {
    expect((await send(demo.url, "GET", "/healthz", `rebound.example:${port}`)).status).toBe(200);
  });
});
