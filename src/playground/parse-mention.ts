/**
 * In a group space the bot only hears messages that @mention it (Webex delivers nothing else to a
 * bot), so the page lets people type the mention the way they would in a Webex client:
 * "@Park Bot delete …". Returns the text without the mention and whether there was one.
 */
export function parseMention(text: string, botName: string): { text: string; mention: boolean } {
  const trimmed = text.trim();
  const names = [botName, botName.split(" ")[0] ?? botName].map((n) => `@${n.toLowerCase()}`);
  const lower = trimmed.toLowerCase();
  for (const name of names) {
    const next = lower.charAt(name.length);
    if (lower.startsWith(name) && (next === "" || /[\s,:]/.test(next))) {
      return { text: trimmed.slice(name.length).replace(/^[\s,:]+/, ""), mention: true };
    }
  }
  return { text: trimmed, mention: false };
}
