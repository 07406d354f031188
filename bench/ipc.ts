import { type ChildProcess, fork } from "node:child_process";
import { closeSync, openSync } from "node:fs";

/** One request from the driver to a child process. */
type IpcRequest = { kind: "call"; id: number; op: string; args: unknown };
/** The child's answer, or a notification it pushes unasked. */
type IpcMessage =
  | { kind: "result"; id: number; ok: true; value: unknown }
  | { kind: "result"; id: number; ok: false; error: string }
  | { kind: "notify"; topic: string; payload: unknown };

// biome-ignore lint/suspicious/noExplicitAny: each handler narrows its own arguments; the map is heterogeneous.
export type Handlers = Record<string, (args: any) => unknown>;

/**
 * In a child: answers the driver's calls with `handlers` (one per op name) over the fork IPC
 * channel. Returns `notify`, for pushing events the driver did not ask for.
 */
export function serveIpc(handlers: Handlers): { notify(topic: string, payload: unknown): void } {
  const send = (message: IpcMessage) => {
    if (process.connected) process.send?.(message);
  };
  process.on("message", (raw: IpcRequest) => {
    if (raw?.kind !== "call") return;
    const handler = handlers[raw.op];
    if (!handler) {
      send({ kind: "result", id: raw.id, ok: false, error: `unknown op ${raw.op}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(raw.args))
      .then(
        (value) => send({ kind: "result", id: raw.id, ok: true, value }),
        (error: unknown) =>
          send({
            kind: "result",
            id: raw.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  // The driver going away (Ctrl-C, a crash) must not leave children behind.
  process.on("disconnect", () => process.exit(0));
  return { notify: (topic, payload) => send({ kind: "notify", topic, payload }) };
}

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  call<T = unknown>(op: string, args?: unknown): Promise<T>;
  /** Notifications pushed by the child under `topic`. */
  on(topic: string, listener: (payload: unknown) => void): void;
  /** Asks the child to exit (op "exit" when it has one, else SIGTERM) and waits; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ForkOptions {
  /** Extra node flags (`--expose-gc`, `--cpu-prof`…); `--import tsx` is always added. */
  nodeFlags?: string[];
  env?: Record<string, string | undefined>;
  /** Child stdout and stderr go to this file (the bot's JSON log, as in production). */
  logFile: string;
  /** Time allowed for the first call to be answered, ms; default 60 000. */
  startTimeoutMs?: number;
}

/** Forks `file` under `node --import tsx`, with an IPC channel for `call`. */
export function forkChild(file: string, options: ForkOptions): Child {
  const log = openSync(options.logFile, "a");
  const child = fork(file, [], {
    execArgv: ["--import", "tsx", ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", log, log, "ipc"],
    serialization: "advanced",
  });
  closeSync(log);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      for (const { reject } of pending.values())
        reject(
          new Error(
            `${file} exited (code ${code}, signal ${signal}) before answering; see ${options.logFile}`,
          ),
        );
      pending.clear();
      resolve();
    });
  });
  child.on("message", (message: IpcMessage) => {
    if (message.kind === "notify") {
      for (const listener of listeners.get(message.topic) ?? []) listener(message.payload);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`${file}: ${message.error}`));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${file}`);
  return {
    process: child,
    pid,
    call: <T>(op: string, args?: unknown) =>
      new Promise<T>((resolve, reject) => {
        if (exited) {
          reject(new Error(`${file} is not running; see ${options.logFile}`));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ kind: "call", id, op, args } satisfies IpcRequest);
      }),
    on: (topic, listener) => {
      listeners.set(topic, [...(listeners.get(topic) ?? []), listener]);
    },
    stop: async (graceMs = 10_000) => {
      if (exited) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.kill("SIGTERM");
      await exit;
      clearTimeout(timer);
    },
  };
}
