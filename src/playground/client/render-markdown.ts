// Browser module, also unit-tested under Node: no DOM, no imports.

const htmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

/** Characters a backslash makes literal (CommonMark's ASCII punctuation that Webex markdown uses). */
const escapable = "\\`*_{}[]()#+-.!|<>~:";

// Private-use characters bracket the index of a finished HTML piece while the emphasis rules run
// over the rest; they are removed from the input first, so input cannot forge one.
const open = "\uE000";
const close = "\uE001";

/**
 * A deliberately small Webex-style markdown renderer for text the page shows: bold, italics,
 * inline code, "- " list lines, line breaks, and backslash escapes (the bot escapes names, so
 * `HQ\-West` must read `HQ-West`). Everything else is HTML-escaped: message text is typed by
 * anyone, so the output may only ever contain the tags written here, and no attributes.
 */
export function renderMarkdown(markdown: string): string {
  const pieces: string[] = [];
  const hold = (html: string) => `${open}${pieces.push(html) - 1}${close}`;
  const source = markdown.replace(/[\uE000\uE001]/g, "").replace(/\r\n?/g, "\n");

  // One pass left to right, because escapes and code spans decide for each other: "\`" opens no
  // code span, and a backslash inside a code span is just a backslash.
  let text = "";
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    const next = source.charAt(i + 1);
    if (c === "\\" && next !== "" && escapable.includes(next)) {
      text += hold(escapeHtml(next));
      i++;
      continue;
    }
    if (c === "`") {
      const end = source.indexOf("`", i + 1);
      const code = end > i + 1 ? source.slice(i + 1, end) : "";
      if (code !== "" && !code.includes("\n")) {
        text += hold(`<code>${escapeHtml(code)}</code>`);
        i = end;
        continue;
      }
    }
    text += c;
  }

  const lines = escapeHtml(text)
    .split("\n")
    .map((line) => {
      const item = /^\s*[-*] (.*)$/.exec(line);
      return item ? `<span class="md-item">• ${emphasis(item[1] ?? "")}</span>` : emphasis(line);
    });
  return lines
    .join("<br>")
    .replace(new RegExp(`${open}(\\d+)${close}`, "g"), (_m, index: string) => pieces[Number(index)] ?? "");
}

function emphasis(line: string): string {
  return line
    .replace(/(\*\*|__)(?=\S)(.+?\S)\1/g, "<strong>$2</strong>")
    .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, "$1<em>$2</em>")
    .replace(/(\*\*|__)(\S)\1/g, "<strong>$2</strong>")
    .replace(/(^|[^\w*])\*(\S)\*(?![\w*])/g, "$1<em>$2</em>");
}
