import type { Request, Response } from "express";

export interface EventStream {
  /** Serves `GET …/events`: a server-sent event stream. */
  handle(req: Request, res: Response): void;
  /** Sends `event: change` with `{ kind }` to every open stream. */
  broadcast(kind: string): void;
  /** Open streams (tests check that closed tabs are forgotten). */
  size(): number;
  /** Ends every stream; an open one would hold the HTTP server's close() forever. */
  close(): void;
}

/**
 * Server-sent events: one-way, plain HTTP, reconnecting by themselves (EventSource), which is all
 * a page needs to know "something changed, fetch the state again".
 */
export function createEventStream(options: { heartbeatMs: number }): EventStream {
  const streams = new Map<Response, NodeJS.Timeout>();

  function forget(res: Response): void {
    const timer = streams.get(res);
    if (timer) clearInterval(timer);
    streams.delete(res);
  }

  return {
    handle(req, res) {
      res.status(200).set({
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        // A reverse proxy (nginx) would otherwise buffer the stream and deliver nothing.
        "X-Accel-Buffering": "no",
      });
      res.flushHeaders();
      res.write("retry: 2000\n\nevent: hello\ndata: {}\n\n");
      // Proxies and some browsers drop a stream that stays silent for long.
      const timer = setInterval(() => res.write(": heartbeat\n\n"), options.heartbeatMs);
      timer.unref();
      streams.set(res, timer);
      req.on("close", () => forget(res));
    },
    broadcast(kind) {
      const frame = `event: change\ndata: ${JSON.stringify({ kind })}\n\n`;
      for (const res of streams.keys()) res.write(frame);
    },
    size: () => streams.size,
    close() {
      for (const res of [...streams.keys()]) {
        forget(res);
        res.end();
      }
    },
  };
}
