import type { RequestLogEntry } from "../emulator/create-emulator.js";

/** One line of the playground's request log. Built from the emulator's log, which holds no token. */
export type RequestSummary = {
  seq: number;
  /** ms since the epoch */
  at: number;
  method: string;
  /** Path and query with Webex IDs cut short, for a narrow column. */
  shortPath: string;
  /** Path and query in full (a tooltip). */
  path: string;
  status: number;
  /** Which credential the bot used: "bot", "admin", … */
  token: RequestLogEntry["auth"];
  durationMs: number;
  /** The injected fault's label, when this request got one. */
  fault?: string;
};

/** Webex IDs are long base64url strings; the tail is what tells two of them apart. */
const webexIdSegment = /^[A-Za-z0-9_=-]{24,}$/;

export function shortenPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (webexIdSegment.test(segment) ? `…${segment.slice(-6)}` : segment))
    .join("/");
}

function queryString(query: Record<string, string>): string {
  const params = new URLSearchParams(query).toString();
  return params ? `?${params}` : "";
}

function shortQuery(query: Record<string, string>): string {
  const parts = Object.entries(query).map(
    ([key, value]) => `${key}=${webexIdSegment.test(value) ? `…${value.slice(-6)}` : value}`,
  );
  const text = parts.length > 0 ? `?${parts.join("&")}` : "";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function summarizeRequest(entry: RequestLogEntry): RequestSummary {
  const query = queryString(entry.query);
  const summary: RequestSummary = {
    seq: entry.seq,
    at: entry.at,
    method: entry.method,
    shortPath: `${shortenPath(entry.path)}${shortQuery(entry.query)}`,
    path: `${entry.path}${query}`,
    status: entry.status,
    token: entry.auth,
    durationMs: Math.round(entry.durationMs),
  };
  if (entry.fault !== undefined) summary.fault = entry.fault;
  return summary;
}
