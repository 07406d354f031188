import express, { type ErrorRequestHandler, type Request, type Response, type Router } from "express";
import type { z } from "zod";
import { ApiError } from "../emulator/api-error.js";
import type { Emulator, EmulatorChange } from "../emulator/create-emulator.js";
import type { Logger } from "../logger.js";
import { buildFaultRule, FAULT_TARGET_LABELS } from "./build-fault-rule.js";
import { type ArmedFault, buildPlaygroundState } from "./build-playground-state.js";
import { createEventStream } from "./create-event-stream.js";
import { loadPlaygroundAssets } from "./load-playground-assets.js";
import { parseMention } from "./parse-mention.js";
import { faultBodySchema, pressBodySchema, sayBodySchema } from "./playground-request-schemas.js";

export interface PlaygroundOptions {
  /** The bot's allowlist, so the page can mark who will be refused. */
  isAllowed: (email: string) => boolean;
  /** The bot checks the Full Administrator role too (REQUIRE_WEBEX_ADMIN), so the page marks who lacks it. */
  requiresFullAdmin: boolean;
  logger?: Logger;
  /** Comment line sent on idle event streams (ms); default 15 000, under common proxy idle timeouts. */
  heartbeatMs?: number;
}

/** The playground's routes (mount at the root of the demo server) and its shutdown. */
export type Playground = Router & {
  /** Ends open event streams and stops listening to the emulator. */
  close(): void;
  /** Open event streams. */
  streams(): number;
};

/**
 * The page's defence in depth against injected markup: scripts only from this server, no inline
 * script. Inline styles stay allowed because the Adaptive Cards renderer sets style attributes.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The demo-mode playground: the page at `/`, its assets under `/playground/`, and a JSON API under
 * `/playground/api/` through which the page acts as demo people. Every action goes through the
 * emulator's act-as helpers, so the bot receives exactly the signed webhooks Webex would send.
 */
export function createPlayground(emulator: Emulator, options: PlaygroundOptions): Playground {
  const assets = loadPlaygroundAssets();
  const events = createEventStream({ heartbeatMs: options.heartbeatMs ?? 15_000 });
  let armedFault: ArmedFault | undefined;

  const onChange = (change: EmulatorChange) => {
    // The page arms one fault at a time (see POST fault), so the first faulted request is its.
    if (change.kind === "request" && change.request.fault !== undefined) armedFault = undefined;
    events.broadcast(change.kind);
  };
  emulator.events.on("change", onChange);

  const router = express.Router();

  router.get("/", (_req, res) => {
    res.set({
      "Content-Security-Policy": contentSecurityPolicy,
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-cache",
    });
    res.sendFile("index.html", { root: assets.publicDir });
  });
  router.get("/playground/styles.css", (_req, res) => {
    res.set("Cache-Control", "no-cache").sendFile("styles.css", { root: assets.publicDir });
  });
  router.get("/playground/vendor/adaptivecards.min.js", (_req, res) => {
    res.sendFile(assets.adaptiveCardsScript);
  });
  router.get("/playground/client/:name", async (req, res) => {
    const script = await assets.clientScript(req.params.name);
    if (script === undefined) {
      res.status(404).end();
      return;
    }
    res
      .type(req.params.name.endsWith(".map") ? "application/json" : "text/javascript")
      .set({ "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" })
      .send(script);
  });

  const api = express.Router();
  // Every route that changes something (say, press, fault, reset) acts as a demo person, so another
  // web page must not be able to call it from a visitor's browser. Two locks: JSON only (a
  // cross-site form cannot send it, and a cross-origin fetch of it needs a CORS preflight, which
  // nothing here answers), and the browser's own word on where the request comes from.
  api.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    if (!req.is("application/json")) {
      return fail(res, 415, "Send the body as JSON, with Content-Type: application/json.");
    }
    if (!isSameOrigin(req)) return fail(res, 403, "Only the playground page itself may do this.");
    next();
  });
  api.use(express.json({ limit: "64kb" }));

  api.get("/state", (_req, res) => {
    res.set("Cache-Control", "no-store").json(
      buildPlaygroundState(emulator, {
        isAllowed: options.isAllowed,
        requiresFullAdmin: options.requiresFullAdmin,
        armedFault,
      }),
    );
  });

  api.get("/events", (req, res) => {
    events.handle(req, res);
  });

  api.post("/say", async (req, res) => {
    const body = parse(sayBodySchema, req.body, res);
    if (!body) return;
    const room = emulator.rooms().find((r) => r.id === body.roomId);
    if (!room) return fail(res, 404, "No such space.");
    const typed = parseMention(body.text, emulator.botPerson.displayName);
    if (typed.text === "") return fail(res, 400, "Type a message after the mention.");
    // A 1:1 space has no mentions in Webex; the emulator ignores the flag there.
    const mention = room.type === "group" && (body.mention === true || typed.mention);
    await act(res, 201, async () => {
      const message = await emulator.say({
        from: body.from,
        roomId: room.id,
        text: typed.text,
        mention,
        ...(body.parentId ? { parentId: body.parentId } : {}),
      });
      return { id: message.id };
    });
  });

  api.post("/press", async (req, res) => {
    const body = parse(pressBodySchema, req.body, res);
    if (!body) return;
    if (!emulator.message(body.messageId)?.attachments?.length) {
      return fail(res, 404, "That card is gone: the bot deletes a card once it has been used.");
    }
    await act(res, 201, async () => {
      const action = await emulator.submitAction({
        by: body.by,
        messageId: body.messageId,
        inputs: body.inputs,
      });
      return { id: action.id };
    });
  });

  api.post("/fault", (req, res) => {
    const body = parse(faultBodySchema, req.body, res);
    if (!body) return;
    // One armed fault at a time, so the page can say which request it will hit.
    emulator.faults.clear();
    if (body.status === "none") {
      armedFault = undefined;
    } else {
      emulator.faults.inject(buildFaultRule(body.status, body.target));
      armedFault = {
        status: body.status,
        target: body.target,
        label: `${body.status} on the ${FAULT_TARGET_LABELS[body.target]}`,
      };
      options.logger?.info({ fault: armedFault.label }, "playground: fault armed");
    }
    events.broadcast("fault");
    res.json({ armedFault: armedFault ?? null });
  });

  api.post("/reset", (_req, res) => {
    emulator.faults.clear();
    armedFault = undefined;
    // The bot's webhooks must survive, or it would hear nothing until restarted.
    emulator.reset({ keepWebhooks: true });
    options.logger?.info("playground: demo org reset");
    res.json({ ok: true });
  });

  api.use((_req, res) => {
    fail(res, 404, "No such playground API route.");
  });
  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // express.json's own errors: malformed JSON, too large.
      return fail(res, status, "The request body is not acceptable JSON.");
    }
    options.logger?.error({ err }, "playground: request failed");
    return fail(res, 500, "The playground failed; see the server log.");
  };
  api.use(onError);
  router.use("/playground/api", api);

  /** Runs an act-as helper; what the emulator refuses goes back to the page as a 4xx with its reason. */
  async function act(res: Response, status: number, run: () => Promise<unknown>): Promise<void> {
    try {
      res.status(status).json(await run());
    } catch (err) {
      if (err instanceof ApiError) return fail(res, err.status, err.description);
      if (err instanceof Error && err.message.startsWith("emulator: ")) {
        return fail(res, 400, err.message.slice("emulator: ".length));
      }
      throw err;
    }
  }

  return Object.assign(router, {
    close() {
      emulator.events.off("change", onChange);
      events.close();
    },
    streams: events.size,
  });
}

/**
 * Sec-Fetch-Site, when the browser sends it, must not say another site (or another port of this
 * one: `same-site`); Origin, when present, must be this server's own. A request from a tool such as
 * curl carries neither, and is not a browser being abused.
 */
function isSameOrigin(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = req.get("origin");
  return origin === undefined || origin === `${req.protocol}://${req.get("host") ?? ""}`;
}

function fail(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

function parse<T extends z.ZodType>(schema: T, body: unknown, res: Response): z.output<T> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  fail(
    res,
    400,
    `Invalid request: ${issue ? `${issue.path.join(".") || "body"} ${issue.message}` : "bad body"}`,
  );
  return undefined;
}
