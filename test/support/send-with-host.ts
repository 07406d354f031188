import { request } from "node:http";

/** A request with the Host header a browser sends after DNS rebinding: another site's name, our address. */
export function send(url: string, method: string, path: string, host: string, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const target = new URL(path, url);
    const req = request(
      target,
      {
        method,
        headers: {
          host,
          ...(body ? { "content-type": "application/json", origin: `http://${host}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
