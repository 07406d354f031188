import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";

export const botToken = "demo-bot-token";
export const adminToken = "demo-admin-token";

/** The demo org on 127.0.0.1:0. */
export function startDemo(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: buildDemoOrg(), ...options });
}

export type ApiResponse = { status: number; headers: Headers; body: unknown; text: string };

/** A tiny Webex client over fetch: path relative to `/v1`, or an absolute URL (a Link `next`). */
export function client(baseUrl: string, token?: string) {
  async function call(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const url = /^https?:/.test(path) ? path : `${baseUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    del: (path: string) => call("DELETE", path),
  };
}

/** The `rel="next"` URL of a Link header, if any. */
export function nextLink(headers: Headers): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(headers.get("link") ?? "")?.[1];
}

/** Reads a JSON body as a record (tests index into it). */
export function json(response: ApiResponse): Record<string, unknown> {
  if (typeof response.body !== "object" || response.body === null)
    throw new Error(`not a JSON object: ${response.text}`);
  return response.body as Record<string, unknown>;
}

export function items<T = Record<string, unknown>>(response: ApiResponse, key = "items"): T[] {
  const list = json(response)[key];
  if (!Array.isArray(list)) throw new Error(`no ${key} array in ${response.text}`);
  return list as T[];
}

export type Hit = { headers: IncomingHttpHeaders; raw: Buffer; body: Record<string, unknown> };

/** A webhook receiver on 127.0.0.1:0 that keeps the raw bytes of every POST. */
export async function startReceiver(status = 200) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      hits.push({
        headers: req.headers,
        raw,
        body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>,
      });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
