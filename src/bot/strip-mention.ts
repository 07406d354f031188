/**
 * The command text of a message, without the @mention of the bot. In a group space Webex puts the
 * mention's label (usually the display name, sometimes shortened by the sender) into `text`; the
 * label and its position come from the `<spark-mention>` in `html` when there is one. Without
 * html: the display name wherever it stands, or a leading first name.
 */
export function stripMention(
  message: { text?: string | undefined; html?: string | undefined; mentionedPeople?: string[] | undefined },
  bot: { id: string; displayName: string },
): string {
  const text = (message.text ?? "").trim();
  if (!message.mentionedPeople?.includes(bot.id)) return text;

  const mention = findMention(message.html, bot.id);
  if (mention) {
    const at = locate(text, mention.label, mention.offset);
    if (at >= 0) return tidy(`${text.slice(0, at)} ${text.slice(at + mention.label.length)}`);
  }
  const lower = text.toLowerCase();
  // The full display name is distinctive enough to find anywhere; a shortened one only in front.
  const full = lower.indexOf(bot.displayName.toLowerCase());
  if (bot.displayName && full >= 0)
    return tidy(`${text.slice(0, full)} ${text.slice(full + bot.displayName.length)}`);
  for (const label of [mention?.label, bot.displayName.split(/\s+/)[0]]) {
    if (label && lower.startsWith(label.toLowerCase())) return tidy(text.slice(label.length));
  }
  return text;
}

/** Where the label stands in `text`: at the html's offset if it is there, else its only leading or first place. */
function locate(text: string, label: string, offset: number): number {
  const lowerText = text.toLowerCase();
  const lowerLabel = label.toLowerCase();
  for (const candidate of [offset, offset - 1, offset + 1]) {
    if (candidate >= 0 && lowerText.startsWith(lowerLabel, candidate)) return candidate;
  }
  return lowerText.startsWith(lowerLabel) ? 0 : -1;
}

function findMention(html: string | undefined, botId: string): { label: string; offset: number } | undefined {
  if (!html) return undefined;
  const pattern = /<spark-mention[^>]*data-object-id="([^"]+)"[^>]*>([^<]*)<\/spark-mention>/g;
  for (const match of html.matchAll(pattern)) {
    if (match[1] === botId && match[2]) {
      const before = decodeEntities(html.slice(0, match.index).replace(/<[^>]*>/g, "")).trimStart();
      return { label: decodeEntities(match[2]), offset: before.length };
    }
  }
  return undefined;
}

/** Runs of spaces to one; line breaks stay, because a command ends at the end of its line (parseCommand). */
function tidy(text: string): string {
  return text
    .replace(/^[\s,:]+/, "")
    .replace(/[^\S\r\n\u2028\u2029]+/g, " ")
    .replace(/ *(\r\n|[\r\n\u2028\u2029]) */g, "$1")
    .trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
