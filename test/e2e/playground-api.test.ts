import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import type { PlaygroundMessage, PlaygroundState } from "../../src/playground/build-playground-state.js";
import { type RunningDemo, startDemo } from "../../src/start-demo.js";

// The playground's JSON API and event stream, over real HTTP against the real demo (emulator, bot
// and playground in one server, as `npm start` runs them). No browser: test/browser has that.

const ALICE = "alice@acme.example";
const MALLORY = "mallory@contractor.example";

describe("playground API (demo mode, real HTTP)", () => {
  let demo: RunningDemo;
  let base: string;
  let closed = false;

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      host: "127.0.0.1",
      logger: createLogger("silent"),
      heartbeatMs: 50,
      retry: { baseBackoffMs: 5, maxBackoffMs: 20, defaultRetryAfterMs: 20 },
    });
    base = demo.url;
  });
  afterAll(async () => {
    if (!closed) await demo?.close();
  });

  const state = async (): Promise<PlaygroundState> => {
    const res = await fetch(`${base}/playground/api/state`);
    expect(res.status).toBe(200);
    return (await res.json()) as PlaygroundState;
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}/playground/api/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const room = (s: PlaygroundState, title: string) => {
    const found = s.rooms.find((r) => r.title === title);
    if (!found) throw new Error(`no room ${title}`);
    return found;
  };
  /** Polls the state until `pick` returns something (the bot answers asynchronously, as from Webex). */
  const waitFor = async <T>(pick: (s: PlaygroundState) => T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + 8_000;
    for (;;) {
      const found = pick(await state());
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const botSays = (s: PlaygroundState, title: string, pattern: RegExp): PlaygroundMessage | undefined =>
    room(s, title).messages.find((m) => m.personId === s.bot.id && pattern.test(m.markdown ?? m.text));
  /** The confirmation card in a room (a delete's result is a card too: its Undo). */
  const cardIn = (s: PlaygroundState, title: string) =>
    room(s, title).messages.find(
      (m) => m.card && JSON.stringify(m.card).includes("Delete this call park extension"),
    );
  const deleteData = (card: PlaygroundMessage) => {
    const actions = (card.card?.actions ?? []) as { title: string; data: Record<string, unknown> }[];
    const action = actions.find((a) => a.title.startsWith("Delete"));
    if (!action) throw new Error("no Delete button");
    return action.data;
  };

  it("serves the page, its styles, its script and the Adaptive Cards renderer, all from this server", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain("/playground/vendor/adaptivecards.min.js");
    expect(html).not.toMatch(/https?:\/\//);

    const css = await fetch(`${base}/playground/styles.css`);
    expect(css.status).toBe(200);
    const script = await fetch(`${base}/playground/client/playground.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const js = await script.text();
    expect(js).toContain('from "./render-markdown.js"');
    expect(js).not.toContain("import type");
    const renderer = await fetch(`${base}/playground/vendor/adaptivecards.min.js`);
    expect(renderer.status).toBe(200);
    expect(await renderer.text()).toContain("AdaptiveCards");

    for (const bad of ["%2e%2e%2fcreate-playground.js", "Playground.js", "x.ts"]) {
      expect((await fetch(`${base}/playground/client/${bad}`)).status).toBe(404);
    }
    // The bot's own routes still answer next to the playground.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it("describes the demo org without a token or secret in it", async () => {
    const s = await state();
    expect(s.org.name).toBe("Acme Corp");
    expect(s.rooms.map((r) => r.title)).toEqual(["Alice", "Voice Admins"]);
    expect(room(s, "Voice Admins").memberIds).toContain(s.bot.id);
    const people = Object.fromEntries(s.people.map((p) => [p.email, p.allowed]));
    expect(people[ALICE]).toBe(true);
    expect(people[MALLORY]).toBe(false);
    expect(s.extensionCount).toBeGreaterThan(100);
    expect(s.locations.find((l) => l.name === "HQ")?.extensions.map((e) => e.extension)).toContain("1234");
    // Bot start-up: webhook registration with the bot token, org lookups with the admin token.
    expect(
      s.requests.some((r) => r.method === "POST" && r.shortPath === "/webhooks" && r.token === "bot"),
    ).toBe(true);
    const json = JSON.stringify(s);
    expect(json).not.toContain("demo-bot-token");
    expect(json).not.toContain("demo-admin-token");
    expect(json).not.toContain(demo.config.webhookSecret);
    expect(json.toLowerCase()).not.toContain("authorization");
  });

  it("streams a change event when someone speaks, and forgets a closed stream", async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/playground/api/events`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    let received = "";
    const until = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}`);
        received += decoder.decode(value, { stream: true });
      }
    };
    await until(/event: hello/);
    expect(demo.playground.streams()).toBe(1);
    const s = await state();
    const said = await post("say", { from: ALICE, roomId: room(s, "Alice").id, text: "help" });
    expect(said.status).toBe(201);
    await until(/event: change\ndata: \{"kind":"message\.created"\}/);
    await until(/: heartbeat/);
    controller.abort();
    await reader.cancel().catch(() => undefined);
    const deadline = Date.now() + 2_000;
    while (demo.playground.streams() > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(demo.playground.streams()).toBe(0);
  });

  it("delete flow: say, card in the thread, press Delete as the requester, extension gone", async () => {
    const alice = room(await state(), "Alice");
    const said = await post("say", { from: ALICE, roomId: alice.id, text: "delete park ext 1234 at HQ" });
    expect(said.status).toBe(201);
    const card = await waitFor((s) => cardIn(s, "Alice"), "the confirm card");
    expect(card.parentId).toBe(said.body.id);
    expect(JSON.stringify(card.card)).toContain("Lobby Park");

    const pressed = await post("press", { by: ALICE, messageId: card.id, inputs: deleteData(card) });
    expect(pressed.status).toBe(201);
    const result = await waitFor((s) => botSays(s, "Alice", /Deleted call park extension/), "the result");
    expect(result.parentId).toBe(said.body.id);
    const after = await state();
    expect(cardIn(after, "Alice")).toBeUndefined(); // retired: Webex cards cannot be edited
    expect(after.locations.find((l) => l.name === "HQ")?.extensions.map((e) => e.extension)).not.toContain(
      "1234",
    );
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    const deletes = after.requests.filter(
      (r) => r.method === "DELETE" && r.path.includes("callParkExtensions"),
    );
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({ status: 204, token: "admin" });
    expect(deletes[0]?.shortPath).toMatch(
      /^\/telephony\/config\/locations\/…[\w=-]{6}\/callParkExtensions\/…/,
    );

    const again = await post("press", { by: ALICE, messageId: card.id, inputs: deleteData(card) });
    expect(again.status).toBe(404);
  });

  it("@mention in the group space: the mention reaches the bot, which refuses Mallory", async () => {
    const before = demo.emulator.callParkExtensions().length;
    const group = room(await state(), "Voice Admins");
    const said = await post("say", {
      from: MALLORY,
      roomId: group.id,
      text: "@Park Bot delete park ext 2001 at HQ",
    });
    expect(said.status).toBe(201);
    const message = demo.emulator.message(String(said.body.id));
    expect(message?.text).toBe("Park Bot delete park ext 2001 at HQ");
    expect(message?.mentionedPeople).toEqual([demo.emulator.botPerson.id]);
    await waitFor((s) => botSays(s, "Voice Admins", /not on the list of admins/), "the refusal");
    expect(cardIn(await state(), "Voice Admins")).toBeUndefined();
    expect(demo.emulator.callParkExtensions()).toHaveLength(before);
  });

  it("refuses bad requests with a reason, and passes on what the emulator refuses", async () => {
    const s = await state();
    const alice = room(s, "Alice");
    expect((await post("say", { from: ALICE, roomId: alice.id })).status).toBe(400);
    expect((await post("say", { from: ALICE, roomId: alice.id, text: "   " })).status).toBe(400);
    expect((await post("say", { from: ALICE, roomId: "nope", text: "help" })).status).toBe(404);
    const outsider = await post("say", { from: MALLORY, roomId: alice.id, text: "help" });
    expect(outsider).toMatchObject({ status: 400, body: { error: expect.stringContaining("not in room") } });
    const tooLong = await post("say", { from: ALICE, roomId: alice.id, text: "x".repeat(7500) });
    expect(tooLong.status).toBe(400);
    expect((await post("fault", { status: 418 })).status).toBe(400);
    expect((await post("press", { by: ALICE, messageId: "nope", inputs: {} })).status).toBe(404);
    const malformed = await fetch(`${base}/playground/api/say`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    // A cross-site form post is not JSON, so it is refused before anything reads it.
    const form = await fetch(`${base}/playground/api/reset`.replace("reset", "say"), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `from=${ALICE}&roomId=${alice.id}&text=help`,
    });
    expect(form.status).toBe(415);
  });

  it("refuses a state change that is not JSON or that another page's origin sends, and changes nothing", async () => {
    const alice = room(await state(), "Alice");
    await post("say", { from: ALICE, roomId: alice.id, text: "help" });
    await waitFor((s) => botSays(s, "Alice", /delete park ext/i), "the help");
    const messages = room(await state(), "Alice").messages.length;
    const send = (path: string, headers: Record<string, string>, body = "{}") =>
      fetch(`${base}/playground/api/${path}`, { method: "POST", headers, body });

    // What a cross-site HTML form can send: no JSON content type.
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await send("reset", { "Content-Type": type });
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({ error: expect.stringContaining("application/json") });
    }
    expect((await send("reset", {}, "")).status).toBe(415);
    // JSON, but the browser says it comes from another page.
    for (const headers of <Record<string, string>[]>[
      { Origin: "http://evil.example" },
      { Origin: "null" },
      { Origin: base.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`) },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      { Origin: base, "Sec-Fetch-Site": "cross-site" },
    ]) {
      const reset = await send("reset", { "Content-Type": "application/json", ...headers });
      expect(reset.status).toBe(403);
      const fault = await send("fault", { "Content-Type": "application/json", ...headers }, '{"status":503}');
      expect(fault.status).toBe(403);
    }
    const s = await state();
    expect(room(s, "Alice").messages).toHaveLength(messages);
    expect(s.armedFault).toBeUndefined();
    // The page itself: same origin, as a browser sends it.
    const own = await send(
      "fault",
      { "Content-Type": "application/json", Origin: base, "Sec-Fetch-Site": "same-origin" },
      '{"status":"none"}',
    );
    expect(own.status).toBe(200);
  });

  it("answers a malformed request with a JSON error, never an HTML page with a stack or a path", async () => {
    for (const res of [
      await fetch(`${base}/playground/api/say`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"from":',
      }),
      await fetch(`${base}/playground/client/%E0.js`),
    ]) {
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
      expect(text).not.toMatch(/ at |\/work\/|node_modules|\.ts|\.js:|Error/);
    }
  });

  it("an armed 403 hits the DELETE after Confirm once, shows in the log, and disarms", async () => {
    const armed = await post("fault", { status: 403, target: "delete" });
    expect(armed.body.armedFault).toMatchObject({ status: 403, target: "delete" });
    expect((await state()).armedFault?.label).toBe("403 on the next DELETE of a call park extension");

    const alice = room(await state(), "Alice");
    await post("say", { from: ALICE, roomId: alice.id, text: "delete park ext 1235 at HQ" });
    // Lookups went through: the fault waits for the DELETE.
    const card = await waitFor((s) => cardIn(s, "Alice"), "the confirm card");
    expect((await state()).armedFault).toBeDefined();
    await post("press", { by: ALICE, messageId: card.id, inputs: deleteData(card) });
    await waitFor((s) => botSays(s, "Alice", /telephony_config_write/), "the 403 explained");
    const s = await state();
    expect(s.armedFault).toBeUndefined();
    const faulted = s.requests.filter((r) => r.fault);
    expect(faulted).toHaveLength(1);
    expect(faulted[0]).toMatchObject({ method: "DELETE", status: 403, token: "admin", fault: "403" });
    expect(demo.emulator.callParkExtension("HQ", "1235")).toBeDefined();

    await post("fault", { status: 503, target: "telephony" });
    expect((await post("fault", { status: "none" })).body.armedFault).toBeNull();
    expect((await state()).armedFault).toBeUndefined();
  });

  it("reset restores the demo org and keeps the bot's webhooks, so the bot still answers", async () => {
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    await post("fault", { status: 429, target: "any" });
    const res = await post("reset", {});
    expect(res.status).toBe(200);
    const s = await state();
    expect(s.armedFault).toBeUndefined();
    expect(room(s, "Alice").messages).toEqual([]);
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(demo.emulator.webhooks().length).toBeGreaterThan(0);

    await post("say", { from: ALICE, roomId: room(s, "Alice").id, text: "help" });
    await waitFor((x) => botSays(x, "Alice", /delete park ext/i), "help after the reset");
  });

  // Last: it closes the demo. (One demo per process: the Webex SDK takes one API URL per process.)
  it("closes with an event stream still open", async () => {
    const res = await fetch(`${base}/playground/api/events`);
    const reader = res.body?.getReader();
    await reader?.read();
    expect(demo.playground.streams()).toBe(1);
    await demo.close();
    closed = true;
    expect(demo.playground.streams()).toBe(0);
    expect((await reader?.read())?.done).toBe(true);
  });
});
