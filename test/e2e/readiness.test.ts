import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";
import { ALICE } from "./test-org.js";

// /healthz answers while the bot is still starting, /readyz says "starting" (503)
// until the framework and the webhooks are ready, then 200. Start-up is held on an emulator answer
// (a delayed GET /people/me, the first call the bot makes) while the probes are sent.
describe("health and readiness during start-up", () => {
  let h: Harness;
  let duringStart:
    | Promise<{ healthz: number; readyz: number; readyBody: unknown; webhooks: number }>
    | undefined;

  beforeAll(async () => {
    h = await startHarness({
      beforeApp: (emulator) => {
        emulator.faults.inject({ method: "GET", path: "/people/me", delayMs: 1_500 });
      },
      onListening: (url) => {
        duringStart = (async () => {
          const healthz = await fetch(`${url}/healthz`);
          const readyz = await fetch(`${url}/readyz`);
          return {
            healthz: healthz.status,
            readyz: readyz.status,
            readyBody: await readyz.json(),
            webhooks: h?.emulator.webhooks().length ?? 0,
          };
        })();
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("while starting: /healthz 200, /readyz 503 'starting', no webhook registered yet", async () => {
    const seen = await duringStart;
    expect(seen).toEqual({ healthz: 200, readyz: 503, readyBody: { status: "starting" }, webhooks: 0 });
    // The start-up really was held at the delayed call.
    expect(h.emulator.requests.find((r) => r.path === "/people/me")?.fault).toBe("delay 1500ms");
  });

  it("once started: /readyz 200, and the bot answers", async () => {
    const res = await fetch(`${h.app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready" });
    await h.say(ALICE, "Alice 1:1", "help");
    expect(h.botMessages("Alice 1:1")).toHaveLength(1);
  });

  it("shutting down: /readyz 503 'draining', webhooks refused with 503, the delete in flight finishes and is reported", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    // Hold the DELETE at Webex so it is still in flight when shutdown begins.
    h.emulator.faults.inject({ method: "DELETE", path: "/telephony/config/locations", delayMs: 1_500 });
    await h.emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 });
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();

    const stopping = h.stopApp();
    const readyz = await fetch(`${h.app.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: "draining" });
    const webhook = await fetch(`${h.app.url}/webhook`, { method: "POST", body: "{}" });
    expect(webhook.status).toBe(503);
    await stopping;

    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/^Deleted call park extension 1234/);
    // Shutting down deleted no webhook.
    expect(h.emulator.webhooks()).toHaveLength(2);
    expect(
      h.emulator.requests.filter((r) => r.path.startsWith("/webhooks") && r.method === "DELETE"),
    ).toEqual([]);
  });
});
