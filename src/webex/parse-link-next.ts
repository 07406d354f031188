/**
 * The `rel="next"` target of an RFC 5988 Link header, or undefined. Webex guarantees only `next`
 * (developer.webex.com pagination guide); `first`/`prev` may also appear and are ignored.
 */
export function parseLinkNext(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(",") : header;
  if (!value) return undefined;
  for (const part of value.split(",")) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match?.[2] && /\brel="?next"?/i.test(match[2])) return match[1];
  }
  return undefined;
}
