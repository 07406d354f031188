import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { configureWebexSdk } from "../src/bot/configure-webex-sdk.js";
import { serveIpc } from "./ipc.js";
import { createWindowProfiler } from "./profiler.js";

/**
 * The baseline: a bare webex-node-bot-framework bot as its README shows it — `framework.start()`
 * with a `webhookUrl` (the framework registers its own firehose and card webhooks), its own webhook
 * handler behind `express.json()`, and one `bot.say("echo")` per message. No signature check of
 * ours, no dedupe, no retries, no commands. It runs against its own emulator instance, because its
 * webhook management would otherwise remove Park Bot's webhooks.
 */

interface BareFramework {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  on(event: "message", listener: (bot: { say(text: string): Promise<unknown> }) => void): void;
  webex: { config: { people: { batcherWait: number } } };
}

let server: Server | undefined;

const profiler = createWindowProfiler();

const handlers = {
  /**
   * `batcherWait`: the SDK's people batcher wait, ms. Undefined keeps the SDK default (100 ms),
   * which is what a bare framework bot runs with; Park Bot sets 1 ms.
   */
  start: async ({ apiUrl, batcherWait }: { apiUrl: string; batcherWait?: number }) => {
    configureWebexSdk(apiUrl);
    const { default: Framework } = (await import("webex-node-bot-framework")) as unknown as {
      default: new (options: Record<string, unknown>) => BareFramework;
    };
    const { default: webhook } = (await import("webex-node-bot-framework/webhook.js" as string)) as {
      default: (framework: BareFramework) => express.RequestHandler;
    };
    const app = express();
    const s = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    server = s;
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const f = new Framework({
      token: process.env.BENCH_BOT_TOKEN,
      webhookUrl: `${url}/webhook`,
      webhookSecret: "bench-echo-webhook-secret-0123",
      removeWebhooksOnStart: true,
    });
    app.post("/webhook", express.json(), webhook(f));
    f.on("message", (bot) => {
      void bot.say("echo").catch(() => undefined);
    });
    await f.start();
    // Read lazily by the batcher's debounce, so setting it before the first people.get(id) works.
    if (batcherWait !== undefined) f.webex.config.people.batcherWait = batcherWait;
    return { url };
  },
  memory: () => process.memoryUsage(),
  usage: () => ({ cpu: process.cpuUsage(), memory: process.memoryUsage() }),
  profileStart: (intervalUs?: number) => profiler.start(intervalUs),
  profileStop: (path: string) => profiler.stop(path),
  exit: async () => {
    server?.close();
    server?.closeAllConnections();
    setImmediate(() => process.exit(0));
  },
};

serveIpc(handlers);
process.on("SIGTERM", () => {
  void handlers.exit();
});
