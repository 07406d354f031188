import { ApiError } from "./api-error.js";

/**
 * Filter keys the emulator evaluates, per resource (Webhooks guide; beyond `roomId` the lists are
 * UNCONFIRMED). Anything else is refused with 400 at creation, rather than silently never firing.
 */
const allowedKeys: Record<string, readonly string[]> = {
  messages: ["roomId", "roomType", "personId", "personEmail", "mentionedPeople", "hasFiles"],
  all: ["roomId", "roomType", "personId", "personEmail", "mentionedPeople", "hasFiles"],
  attachmentActions: ["messageId", "personId", "roomId"],
};

/** `roomId=…&personEmail=…` → pairs, values URL-decoded. */
export function parseWebhookFilter(filter: string): [string, string][] {
  return filter.split("&").map((part) => {
    const eq = part.indexOf("=");
    if (eq <= 0)
      throw new ApiError(400, "Invalid filter.", { description: `Filter part "${part}" is not key=value.` });
    try {
      return [part.slice(0, eq), decodeURIComponent(part.slice(eq + 1))];
    } catch {
      throw new ApiError(400, "Invalid filter.", {
        description: `Filter part "${part}" is not URL-encoded correctly.`,
      });
    }
  });
}

export function assertWebhookFilter(resource: string, filter: string): void {
  const keys = allowedKeys[resource];
  for (const [key] of parseWebhookFilter(filter)) {
    if (keys && !keys.includes(key)) {
      throw new ApiError(400, "Invalid filter.", {
        description: `"${key}" is not a filter for ${resource}; use one of ${keys.join(", ")}.`,
      });
    }
  }
}

/** The event facts a filter can test. */
export type FilterSubject = {
  roomId: string;
  roomType?: "direct" | "group";
  personId: string;
  personEmail: string;
  mentionedPeople?: readonly string[];
  hasFiles?: boolean;
  messageId?: string;
};

/** Whether every `key=value` of the filter holds; `mentionedPeople=me` means the webhook's owner. */
export function matchesWebhookFilter(
  filter: string | undefined,
  subject: FilterSubject,
  ownerId: string,
): boolean {
  if (!filter) return true;
  return parseWebhookFilter(filter).every(([key, value]) => {
    switch (key) {
      case "roomId":
        return subject.roomId === value;
      case "roomType":
        return subject.roomType === value;
      case "personId":
        return subject.personId === value;
      case "personEmail":
        return subject.personEmail.toLowerCase() === value.toLowerCase();
      case "mentionedPeople":
        return value
          .split(",")
          .some((id) => (subject.mentionedPeople ?? []).includes(id === "me" ? ownerId : id));
      case "hasFiles":
        return String(Boolean(subject.hasFiles)) === value;
      case "messageId":
        return subject.messageId === value;
      default:
        return false;
    }
  });
}
