import type { RequestHandler } from "express";

/** The names a browser uses for this machine itself. */
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A demo bound to loopback answers only requests addressed to loopback. A page on another site
 * can point its own host name at 127.0.0.1 (DNS rebinding): the browser then sends that name as
 * `Host`, and its Origin matches it, so an Origin check alone lets the page drive the demo. The
 * `Host` it cannot fake.
 */
export function requireLoopbackHost(): RequestHandler {
  return (req, res, next) => {
    const host = (req.get("host") ?? "").toLowerCase();
    const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
    if (name !== undefined && LOOPBACK_NAMES.has(name)) return next();
    res.status(421).json({ error: "This demo answers only to 127.0.0.1 or localhost." });
  };
}
