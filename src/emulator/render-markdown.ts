/** A person a markdown mention can name. */
export type Mentionable = { id: string; displayName: string };

export type RenderedMarkdown = {
  /** Plain text, as Webex derives it when only `markdown` is sent. */
  text: string;
  html: string;
  mentionedPeople: string[];
  mentionedGroups: string[];
};

const mentionPattern = /<@(personId|personEmail):([^|>]+)(?:\|([^>]*))?>|<@all>/g;

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Markdown → plain text: formatting marks dropped, links as `text (url)`. */
export function stripMarkdown(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n([\s\S]*?)```/g, "$1")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/!\[([^\]]*)\]\(([^)]+)\)/g, "$1")
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?!\w)/g, "$1$2")
    .replace(/(^|\W)_(?!\s)([^_]+?)_(?!\w)/g, "$1$2")
    .replace(/~~(.+?)~~/g, "$1")
    .replace(/^ {0,3}#{1,6}\s+/gm, "")
    .replace(/^ {0,3}>\s?/gm, "")
    .replace(/\\([\\`*_{}[\]()#+\-.!~>])/g, "$1");
}

function inlineHtml(markdown: string): string {
  return escapeHtml(markdown)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2" rel="nofollow">$1</a>')
    .replace(/(\*\*|__)(.+?)\1/g, "<strong>$2</strong>")
    .replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?!\w)/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br/>");
}

export function sparkMention(person: Mentionable, label: string = person.displayName): string {
  return `<spark-mention data-object-type="person" data-object-id="${escapeHtml(person.id)}">${escapeHtml(label)}</spark-mention>`;
}

/**
 * Renders a message's markdown the way Webex does for API posts, as far as a client can tell:
 * `<@personId:…|Name>` / `<@personEmail:…|Name>` become mentions (the name in `text`, a
 * `<spark-mention>` in `html`, the id in `mentionedPeople`), `<@all>` a group mention.
 */
export function renderMarkdown(
  markdown: string,
  resolve: (by: "personId" | "personEmail", value: string) => Mentionable | undefined,
): RenderedMarkdown {
  const mentionedPeople: string[] = [];
  const mentionedGroups: string[] = [];
  let text = "";
  let html = "";
  let last = 0;
  for (const match of markdown.matchAll(mentionPattern)) {
    const chunk = markdown.slice(last, match.index);
    text += stripMarkdown(chunk);
    html += inlineHtml(chunk);
    last = match.index + match[0].length;
    if (match[0] === "<@all>") {
      if (!mentionedGroups.includes("all")) mentionedGroups.push("all");
      text += "All";
      html += '<spark-mention data-object-type="groupMention" data-group-type="all">All</spark-mention>';
      continue;
    }
    const by = match[1] === "personId" ? "personId" : "personEmail";
    const person = resolve(by, (match[2] ?? "").trim());
    const label = match[3]?.trim() || person?.displayName || (match[2] ?? "");
    text += label;
    if (!person) {
      html += escapeHtml(label);
      continue;
    }
    if (!mentionedPeople.includes(person.id)) mentionedPeople.push(person.id);
    html += sparkMention(person, label);
  }
  const rest = markdown.slice(last);
  text += stripMarkdown(rest);
  html += inlineHtml(rest);
  return { text: text.trim(), html: `<p>${html}</p>`, mentionedPeople, mentionedGroups };
}
