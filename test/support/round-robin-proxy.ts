import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RoundRobinProxy {
  url: string;
  /** Which upstream (index) each forwarded request went to, with its path and body. */
  hits: { upstream: number; path: string; body: string }[];
  setUpstreams(urls: string[]): void;
  close(): Promise<void>;
}

/** A load balancer in miniature: each request goes to the next upstream in turn, bytes untouched. */
export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  let targets = [...upstreams];
  let next = 0;
  const hits: RoundRobinProxy["hits"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const index = next++ % targets.length;
      const target = new URL(req.url ?? "/", targets[index]);
      const body = Buffer.concat(chunks);
      hits.push({ upstream: index, path: target.pathname, body: body.toString("utf8") });
      const upstream = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    setUpstreams: (urls) => {
      targets = [...urls];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
