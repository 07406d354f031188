import { createHash, randomUUID } from "node:crypto";

/** The resource types that appear in Webex IDs (`ciscospark://us/<TYPE>/<uuid>`). */
export type WebexIdType =
  | "PEOPLE"
  | "ROOM"
  | "MESSAGE"
  | "MEMBERSHIP"
  | "WEBHOOK"
  | "ATTACHMENT_ACTION"
  | "LOCATION"
  | "CALL_PARK_EXTENSION"
  | "CALL_PARK"
  | "ORGANIZATION"
  | "APPLICATION"
  | "ROLE";

/**
 * A Webex-shaped ID: base64url without padding of `ciscospark://us/TYPE/<uuid>`, the form the
 * spec examples decode to and the one the JS SDK builds (`@webex/common` base64.encode is
 * base64url). Clients that decode IDs (the SDK's people batcher does) must get the real layout.
 */
export function webexId(type: WebexIdType, uuid: string = randomUUID()): string {
  return Buffer.from(`ciscospark://us/${type}/${uuid}`, "utf8").toString("base64url");
}

/** The type and uuid inside a Webex ID, or undefined when it is not one. */
export function decodeWebexId(id: string): { type: string; uuid: string } | undefined {
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const match = /^ciscospark:\/\/[a-z]+\/([A-Z_]+)\/(.+)$/.exec(decoded);
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1], uuid: match[2] };
}

/**
 * A UUID derived from its parts (SHA-1, laid out like a v5 UUID). Seeded objects get IDs from
 * their natural keys, so IDs survive `reset()` and restarts: a card posted before a reset still
 * names the same extension afterwards.
 */
export function stableUuid(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("\u0000")).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
