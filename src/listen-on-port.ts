import type { Server } from "node:http";
import type { Express } from "express";
import { AppError } from "./app-error.js";

/**
 * `app.listen`, as a promise that rejects when the port cannot be had. Express 5 calls the listen
 * callback on an error too (with the error), so a callback that only resolves would hand back a
 * server that is not listening.
 */
export function listenOnPort(app: Express, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (!err) return resolve(server);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE") {
        reject(
          new AppError("config.invalid", `Port ${port} is in use; set PORT to a free port.`, { cause: err }),
        );
      } else if (code === "EACCES") {
        reject(
          new AppError(
            "config.invalid",
            `Port ${port} needs privileges this process lacks; set PORT (1024 or above).`,
            {
              cause: err,
            },
          ),
        );
      } else {
        reject(err);
      }
    });
  });
}
