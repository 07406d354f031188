import express, { type ErrorRequestHandler, type Express } from "express";
import type { ClaimStore } from "./confirm/claim-store.js";
import type { Logger } from "./logger.js";
import { verifyWebexSignature } from "./webex/verify-webex-signature.js";
import { type WebhookEvent, webhookEventSchema } from "./webex/webhook-event-schema.js";

export interface ServerOptions {
  logger: Logger;
  /** Undefined until the configuration is known; webhooks get a 503 until then. */
  webhookSecret(): string | undefined;
  /** Seen event ids, so a redelivered event is processed once. */
  dedupe: ClaimStore;
  /** Called after the 200 has been sent; the promise is tracked for graceful shutdown. */
  onEvent(event: WebhookEvent): Promise<void>;
  /**
   * Called instead of `onEvent` when the store of seen events cannot be reached (so nothing can be
   * claimed): tells the space that nothing was done. Tracked like `onEvent`.
   */
  onStoreUnreachable(event: WebhookEvent): Promise<void>;
  /**
   * The path of PUBLIC_URL ("" for none, else "/prefix" without a trailing slash): the webhook is
   * served at `${prefix}/webhook` as well as at `/webhook`.
   */
  publicPathPrefix(): string;
  /** Framework started and webhooks registered. */
  isReady(): boolean;
  /** Largest accepted webhook body (bytes). Webex events are ids only, well under 4 KiB. Default 64 KiB. */
  maxBodyBytes?: number;
  /** How long an event id is remembered (ms). Default 10 minutes. */
  dedupeTtlMs?: number;
  /** Extra routes (the emulator and playground in demo mode), put before the error handler so their failures answer JSON too. */
  mount?: (app: Express) => void;
}

export interface BotServer {
  app: Express;
  /** Stop taking webhooks (503, so Webex may deliver elsewhere) and wait for events in progress. */
  drain(): Promise<void>;
  /** Resolves when no accepted event is still being processed. */
  idle(): Promise<void>;
}

/**
 * The HTTP face of the bot. POST /webhook checks the signature on the raw bytes before anything
 * else — the framework's own check hashes a re-serialized body and answers 200 first — then
 * validates, de-duplicates, answers 200 at once and processes.
 */
export function createServer(options: ServerOptions): BotServer {
  const { logger } = options;
  const app = express();
  app.disable("x-powered-by");
  const inFlight = new Set<Promise<void>>();
  let draining = false;

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", (_req, res) => {
    const status = draining
      ? "draining"
      : !options.isReady()
        ? "starting"
        : options.dedupe.isReachable?.() === false
          ? "state store unreachable"
          : "ready";
    res.status(status === "ready" ? 200 : 503).json({ status });
  });

  // Webhooks target `${PUBLIC_URL}/webhook`. Behind a proxy that forwards `/prefix/webhook` as it
  // is, that is the path we receive; behind one that strips the prefix, it is `/webhook`. Both are
  // served: the signature, not the path, is what makes a delivery genuine.
  app.use((req, _res, next) => {
    const prefix = options.publicPathPrefix();
    if (prefix && req.method === "POST" && req.path === `${prefix}/webhook`) {
      req.url = `/webhook${req.url.slice(req.path.length)}`;
    }
    next();
  });

  const track = (work: Promise<void>, resource: string) => {
    const tracked = work.catch((err: unknown) => {
      logger.error({ err, resource }, "event processing failed");
    });
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  app.post(
    "/webhook",
    express.raw({ type: () => true, limit: options.maxBodyBytes ?? 64 * 1024 }),
    async (req, res) => {
      const secret = options.webhookSecret();
      if (draining || secret === undefined) {
        res.status(503).set("Retry-After", "5").json({ error: "shutting down" });
        return;
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyWebexSignature(raw, req.headers["x-spark-signature"], secret)) {
        logger.warn({ ip: req.ip, bytes: raw.length }, "webhook refused: missing or wrong signature");
        res.status(401).json({ error: "bad signature" });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        res.status(400).json({ error: "body is not JSON" });
        return;
      }
      const parsed = webhookEventSchema.safeParse(json);
      if (!parsed.success) {
        res.status(400).json({ error: "not a Webex webhook event" });
        return;
      }
      const event = parsed.data;
      const key = `event:${event.resource}:${event.event}:${event.data.id}`;
      let fresh: boolean | undefined;
      if (options.dedupe.isReachable?.() !== false) {
        try {
          fresh = await options.dedupe.claim(key, options.dedupeTtlMs ?? 10 * 60_000);
        } catch (err) {
          logger.warn({ err, resource: event.resource }, "webhook not processed: the state store failed");
        }
      }
      if (fresh === undefined) {
        // 200, not 5xx: the space is told nothing was done, and a redelivery processed later,
        // once the store is back, would contradict that.
        res.status(200).json({ status: "not processed: state store unreachable" });
        track(options.onStoreUnreachable(event), event.resource);
        return;
      }
      if (!fresh) {
        logger.debug({ resource: event.resource, dataId: event.data.id }, "duplicate webhook event dropped");
        res.status(200).json({ status: "duplicate" });
        return;
      }
      res.status(200).json({ status: "accepted" });
      track(options.onEvent(event), event.resource);
    },
  );

  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    const status = typeof err.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, "request failed");
    res
      .status(status)
      .json({ error: status === 413 ? "body too large" : status === 500 ? "internal error" : "bad request" });
  };

  options.mount?.(app);
  // Catches what the routes above raise (a body over the cap is a 413), without a stack in the answer.
  app.use(onError);

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    app,
    drain: async () => {
      draining = true;
      await idle();
    },
    idle,
  };
}
