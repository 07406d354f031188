import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./free-port.js";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * The system's redis-server on a free loopback port (or `port`, to bring one back where it was),
 * no persistence (`npm test` installs the package when missing).
 */
export async function startRedis(options: { port?: number } = {}): Promise<TestRedis> {
  const port = options.port ?? (await freePort());
  const binary = process.env.REDIS_SERVER_PATH ?? "redis-server";
  const child: ChildProcess = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "yes",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    };
    child.stdout?.on("data", onData);
    child.once("error", (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
    child.once("exit", (code) => reject(new Error(`${binary} exited with ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
