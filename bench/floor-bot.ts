import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { serveIpc } from "./ipc.js";
import { createWindowProfiler } from "./profiler.js";

/**
 * The floor: the least a webhook bot can do on this machine. A bare node:http server and an undici
 * client make sequential calls like Park Bot's message step (GET the message, GET the
 * person, GET a list, POST the reply in the thread), parse each JSON answer and nothing else: no
 * framework, no signature check, no logging, no validation. What it "adds" is the cost of Node,
 * loopback HTTP and waking from idle — the part of Park Bot's figure no bot code can remove.
 */

const profiler = createWindowProfiler();
let server: Server | undefined;

const handlers = {
  start: async ({ apiUrl }: { apiUrl: string }) => {
    const token = process.env.BENCH_BOT_TOKEN ?? "";
    const adminToken = process.env.BENCH_ADMIN_TOKEN ?? "";
    const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
    const call = async (method: "GET" | "POST", path: string, auth: string, body?: unknown) => {
      const res = await request(`${apiUrl}${path}`, {
        method,
        dispatcher,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await res.body.json()) as Record<string, unknown>;
    };
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        res.writeHead(200).end();
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          data: { id: string; roomId: string; personId: string };
        };
        void (async () => {
          const message = await call("GET", `/messages/${event.data.id}`, token);
          await call("GET", `/people/${String(message.personId)}`, token);
          await call("GET", "/telephony/config/callParkExtensions?extension=100000&max=1000", adminToken);
          await call("POST", "/messages", token, {
            roomId: event.data.roomId,
            parentId: event.data.id,
            markdown: "floor",
          });
        })().catch(() => undefined);
      });
    });
    server = s;
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    await call("POST", "/webhooks", token, {
      name: "floor",
      targetUrl: `${url}/webhook`,
      resource: "messages",
      event: "created",
    });
    return { url };
  },
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
