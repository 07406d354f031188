/**
 * The `rel="next"` target of an RFC 8288 Link header, or undefined. Webex guarantees only `next`
 * (developer.webex.com pagination guide); `first`/`prev` may also appear and are ignored. URLs may
 * contain commas (`id=a,b`), so links are read as `<…>` groups, not split on commas.
 */
export function parseLinkNext(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(", ") : header;
  if (!value) return undefined;
  for (const match of value.matchAll(/<([^>]*)>((?:\s*;\s*[^;,<]+)*)/g)) {
    const params = match[2] ?? "";
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/);
    if (rels.includes("next")) return match[1];
  }
  return undefined;
}
