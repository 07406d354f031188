/**
 * What may be logged of an error. Errors from the framework's SDK carry the whole request,
 * Authorization header included, as enumerable properties; a logger that serializes them prints
 * the token. So: a fixed set of harmless fields, and any bearer token in a message blotted out.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error) && (typeof err !== "object" || err === null)) {
    return { message: redactSecrets(String(err)) };
  }
  const e = err as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: err instanceof Error ? err.constructor.name : "object",
    message: redactSecrets(typeof e.message === "string" ? e.message : "").slice(0, 500),
  };
  for (const key of [
    "code",
    "status",
    "statusCode",
    "method",
    "path",
    "trackingId",
    "webexMessage",
    "retryAfterSeconds",
  ]) {
    const value = e[key];
    if (typeof value === "string" || typeof value === "number")
      out[key] = typeof value === "string" ? redactSecrets(value) : value;
  }
  if (err instanceof Error && err.stack && !("options" in e) && !("headers" in e)) {
    out.stack = redactSecrets(err.stack).split("\n").slice(0, 8).join("\n");
  }
  return out;
}

export function redactSecrets(text: string): string {
  return text
    .replace(/(bearer\s+)[^\s"',]+/gi, "$1[redacted]")
    .replace(/(access_token|refresh_token|client_secret)=[^&\s]+/gi, "$1=[redacted]");
}
