/**
 * The command text of a message, without the @mention of the bot. In a group space Webex puts the
 * mention's label (usually the display name, sometimes shortened by the sender) into `text`; the
 * label is read from the `<spark-mention>` in `html` when there is one, else the display name.
 */
export function stripMention(
  message: { text?: string | undefined; html?: string | undefined; mentionedPeople?: string[] | undefined },
  bot: { id: string; displayName: string },
): string {
  const text = (message.text ?? "").trim();
  if (!message.mentionedPeople?.includes(bot.id)) return text;
  const labels = [
    mentionLabel(message.html, bot.id),
    bot.displayName,
    bot.displayName.split(/\s+/)[0],
  ].filter((label): label is string => Boolean(label));
  for (const label of labels) {
    const at = text.toLowerCase().indexOf(label.toLowerCase());
    if (at >= 0) {
      return `${text.slice(0, at)} ${text.slice(at + label.length)}`
        .replace(/^[\s,:]+/, "")
        .replace(/\s+/g, " ")
        .trim();
    }
  }
  return text;
}

function mentionLabel(html: string | undefined, botId: string): string | undefined {
  if (!html) return undefined;
  const pattern = /<spark-mention[^>]*data-object-id="([^"]+)"[^>]*>([^<]*)<\/spark-mention>/g;
  for (const match of html.matchAll(pattern)) {
    if (match[1] === botId && match[2]) return decodeEntities(match[2]);
  }
  return undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
