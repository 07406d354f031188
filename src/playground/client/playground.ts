// The playground page's script (a browser ES module; tsc compiles it with the server, nothing bundles
// it). The Adaptive Cards renderer is the package's own browser bundle, loaded before this module by
// a classic script tag, which defines `window.AdaptiveCards`. Only types are imported from it here.
import type * as AdaptiveCardsModule from "adaptivecards";
import type {
  PlaygroundMessage,
  PlaygroundPerson,
  PlaygroundRoom,
  PlaygroundState,
} from "../build-playground-state.js";
import type { RequestSummary } from "../summarize-request.js";
import { messageVersion } from "./message-version.js";
import { renderMarkdown } from "./render-markdown.js";
import { webexHostConfig } from "./webex-host-config.js";

declare global {
  interface Window {
    AdaptiveCards?: typeof AdaptiveCardsModule;
  }
}

const api = "/playground/api";

const faultHelp: Record<string, string> = {
  "429": "Too Many Requests with Retry-After 2 s: the bot waits, retries, and carries on.",
  "403": "Forbidden: never retried; the bot tells the space which scope the admin token lacks.",
  "503": "Service Unavailable: the bot backs off with jitter and retries.",
};

const suggestions = [
  "delete park ext 1234 at HQ",
  "delete park ext 1234, 1235, 2001 at HQ",
  "list park ext at HQ",
  "show park ext 1234 at HQ",
  "list park ext",
  "delete park ext 5555",
  "delete park ext 1234 at HQ2",
  "help",
];

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`playground: #${id} is missing from the page`);
  return found as T;
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const ui = {
  orgName: element("org-name"),
  live: element("live"),
  reset: element<HTMLButtonElement>("reset"),
  spaces: element<HTMLUListElement>("space-list"),
  orgSummary: element("org-summary"),
  orgDetails: element<HTMLDetailsElement>("org-details"),
  spaceTitle: element("space-title"),
  spaceMembers: element("space-members"),
  messages: element<HTMLOListElement>("messages"),
  composer: element<HTMLFormElement>("composer"),
  actingAs: element<HTMLSelectElement>("as"),
  actingHint: element("as-hint"),
  mentionWrap: element("mention-wrap"),
  mention: element<HTMLInputElement>("mention"),
  text: element<HTMLInputElement>("text"),
  send: element<HTMLButtonElement>("send"),
  replyTo: element("reply-to"),
  cancelReply: element<HTMLButtonElement>("cancel-reply"),
  suggestions: element("suggestions"),
  composerError: element("composer-error"),
  faultForm: element<HTMLFormElement>("fault-form"),
  faultStatus: element<HTMLSelectElement>("fault-status"),
  faultTarget: element<HTMLSelectElement>("fault-target"),
  faultHelp: element("fault-help"),
  faultArmed: element("fault-armed"),
  faultClear: element<HTMLButtonElement>("fault-clear"),
  requests: element<HTMLTableSectionElement>("requests"),
  requestCount: element("request-count"),
  toast: element("toast"),
};

let state: PlaygroundState | undefined;
let selectedRoomId: string | undefined;
/** Who the visitor acts as, per space (email). */
const actingAs = new Map<string, string>();
/** Thread root the next message replies to. */
let replyTo: string | undefined;
/** Rendered messages by id, with the version they show: a card keeps its DOM (and focus) across refreshes. */
const rendered = new Map<string, { version: string; node: HTMLLIElement }>();
/**
 * Presses sent and not answered yet, by card message id. The card's buttons stay disabled until the
 * bot posts something new in that space: a refusal (someone else pressed) leaves the card in place,
 * unchanged, so nothing else would ever turn its buttons back on.
 */
const pendingPresses = new Map<
  string,
  { roomId: string; botMessagesBefore: Set<string>; buttons: HTMLButtonElement[]; status: HTMLElement }
>();
let lastRequestSeq = -1;
let lastMessageId: string | undefined;

// --- talking to the server -------------------------------------------------------------------------

async function post(path: string, body: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const res = await fetch(`${api}/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.ok) return { ok: true };
    const answer = (await res.json().catch(() => ({}))) as { error?: unknown };
    return { ok: false, error: typeof answer.error === "string" ? answer.error : `HTTP ${res.status}` };
  } catch {
    return { ok: false, error: "The playground server did not answer. Is `npm start` still running?" };
  }
}

let fetching = false;
let again = false;
let timer: number | undefined;

/** Coalesces bursts of changes (every Webex call is one) into one state fetch. */
function refreshSoon(): void {
  if (timer !== undefined) return;
  timer = window.setTimeout(() => {
    timer = undefined;
    void refresh();
  }, 60);
}

async function refresh(): Promise<void> {
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  try {
    const res = await fetch(`${api}/state`);
    if (res.ok) {
      state = (await res.json()) as PlaygroundState;
      render();
    }
  } catch {
    setLive(false);
  } finally {
    fetching = false;
    if (again) {
      again = false;
      refreshSoon();
    }
  }
}

function setLive(live: boolean): void {
  ui.live.textContent = live ? "Live" : "Reconnecting…";
  ui.live.classList.toggle("is-off", !live);
}

function connect(): void {
  const source = new EventSource(`${api}/events`);
  // "hello" arrives on every (re)connection: fetch, in case changes were missed while away.
  source.addEventListener("hello", () => {
    setLive(true);
    refreshSoon();
  });
  source.addEventListener("change", refreshSoon);
  source.addEventListener("error", () => setLive(false));
}

// --- rendering ---------------------------------------------------------------------------------------

function person(id: string): PlaygroundPerson | undefined {
  return state?.people.find((p) => p.id === id);
}

function selectedRoom(): PlaygroundRoom | undefined {
  return state?.rooms.find((r) => r.id === selectedRoomId) ?? state?.rooms[0];
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join("");
}

function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function render(): void {
  if (!state) return;
  const room = selectedRoom();
  selectedRoomId = room?.id;
  ui.orgName.textContent = state.org.name;
  renderSpaces();
  renderOrg();
  if (room) renderConversation(room);
  renderFault();
  renderRequests();
  settlePresses();
}

/** Ends the wait of every pressed card the bot has answered (or retired). */
function settlePresses(): void {
  if (!state) return;
  for (const [messageId, pending] of pendingPresses) {
    const room = state.rooms.find((r) => r.id === pending.roomId);
    const messages = room?.messages ?? [];
    if (!messages.some((m) => m.id === messageId)) {
      pendingPresses.delete(messageId);
      continue;
    }
    const answered = messages.some(
      (m) => m.personId === state?.bot.id && !pending.botMessagesBefore.has(m.id),
    );
    if (!answered) continue;
    pendingPresses.delete(messageId);
    for (const b of pending.buttons) b.disabled = false;
    pending.status.textContent = "The bot answered in the thread; this card is still open.";
  }
}

function renderSpaces(): void {
  if (!state) return;
  const items = state.rooms.map((room) => {
    const li = make("li");
    const button = make("button", "space");
    button.type = "button";
    button.dataset.roomTitle = room.title;
    if (room.id === selectedRoomId) button.setAttribute("aria-current", "true");
    const avatar = make("span", `avatar ${room.type === "group" ? "is-group" : ""}`, initials(room.title));
    avatar.setAttribute("aria-hidden", "true");
    const body = make("span", "space-body");
    body.append(make("span", "space-title", room.title));
    button.title = room.title;
    const people = room.memberIds.filter((id) => !person(id)?.isBot).length;
    const kind = room.type === "group" ? `Group space · ${people} people + bot` : "1:1 with the bot";
    body.append(make("span", "space-kind", kind));
    button.append(avatar, body);
    button.addEventListener("click", () => selectRoom(room.id));
    li.append(button);
    return li;
  });
  ui.spaces.replaceChildren(...items);
}

function selectRoom(id: string): void {
  if (id === selectedRoomId) return;
  selectedRoomId = id;
  replyTo = undefined;
  lastMessageId = undefined;
  ui.composerError.textContent = "";
  render();
  ui.text.focus();
}

function renderOrg(): void {
  if (!state) return;
  const intro = make("p", "org-count");
  intro.textContent = `${state.extensionCount} call park extensions in ${state.locations.length} locations`;
  const list = make("div", "locations");
  for (const location of state.locations) {
    const details = make("details", "location");
    const summary = make("summary");
    const name = make("span", "location-name", location.name);
    name.title = location.name;
    summary.append(name);
    summary.append(make("span", "count", String(location.extensions.length)));
    details.append(summary);
    const exts = make("ul", "extensions");
    for (const ext of location.extensions.slice(0, 50)) {
      const li = make("li");
      li.append(make("code", undefined, ext.extension), document.createTextNode(` ${ext.name}`));
      exts.append(li);
    }
    if (location.extensions.length > 50)
      exts.append(make("li", "more", `and ${location.extensions.length - 50} more`));
    if (location.extensions.length === 0) exts.append(make("li", "more", "none"));
    details.append(exts);
    // Keep open what the visitor opened.
    const previous = ui.orgSummary.querySelector<HTMLDetailsElement>(
      `details[data-location="${CSS.escape(location.name)}"]`,
    );
    details.dataset.location = location.name;
    details.open = previous ? previous.open : location.name === "HQ";
    list.append(details);
  }
  ui.orgSummary.replaceChildren(intro, list);
}

function renderConversation(room: PlaygroundRoom): void {
  if (!state) return;
  ui.spaceTitle.textContent = room.title;
  const names = room.memberIds.map((id) => person(id)?.displayName ?? "someone");
  ui.spaceMembers.textContent = names.join(", ");

  // Who may speak: the space's people (not the bot), the allowlist shown so refusals are expected.
  const members = room.memberIds.map(person).filter((p): p is PlaygroundPerson => !!p && !p.isBot);
  const lacksRole = (p: PlaygroundPerson) =>
    state?.requiresFullAdmin === true && !p.roles.includes("Full Administrator");
  const current =
    actingAs.get(room.id) ?? members.find((p) => p.allowed && !lacksRole(p))?.email ?? members[0]?.email;
  const options = members.map((p) => {
    const option = make(
      "option",
      undefined,
      !p.allowed
        ? `${p.displayName} (not allowlisted)`
        : lacksRole(p)
          ? `${p.displayName} (not a Full Administrator)`
          : p.displayName,
    );
    option.value = p.email;
    return option;
  });
  ui.actingAs.replaceChildren(...options);
  if (current) {
    ui.actingAs.value = current;
    actingAs.set(room.id, current);
  }
  const actor = members.find((p) => p.email === ui.actingAs.value);
  ui.actingHint.textContent = !actor
    ? ""
    : !actor.allowed
      ? `${actor.email} · not on the allowlist: the bot will refuse`
      : lacksRole(actor)
        ? `${actor.email} · on the allowlist, but ${actor.roles.join(", ") || "no admin role"}, not a Full Administrator: the bot will refuse`
        : `${actor.email} · on the bot's allowlist, ${actor.roles.join(", ")}`;

  const group = room.type === "group";
  ui.mentionWrap.hidden = !group;
  updatePlaceholder(room);

  const replyRoot = replyTo ? room.messages.find((m) => m.id === replyTo) : undefined;
  if (!replyRoot) replyTo = undefined;
  ui.replyTo.hidden = !replyRoot;

  renderMessages(room);
}

function updatePlaceholder(room: PlaygroundRoom | undefined): void {
  if (!room || !state) return;
  const bot = state.bot.displayName;
  ui.text.placeholder =
    room.type === "group"
      ? ui.mention.checked
        ? `Message ${room.title}; ${bot} is @mentioned`
        : `Message ${room.title}; start with @${bot} to talk to the bot`
      : `Message ${bot}, e.g. delete park ext 1234 at HQ`;
}

function renderMessages(room: PlaygroundRoom): void {
  const list = ui.messages;
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  const ids = new Set(room.messages.map((m) => m.id));
  const replies = new Map<string, PlaygroundMessage[]>();
  const roots: PlaygroundMessage[] = [];
  for (const message of room.messages) {
    if (message.parentId && ids.has(message.parentId)) {
      const thread = replies.get(message.parentId) ?? [];
      thread.push(message);
      replies.set(message.parentId, thread);
    } else {
      roots.push(message);
    }
  }

  const nodes = roots.map((root) => {
    const node = messageNode(root, true);
    const thread = node.querySelector<HTMLOListElement>(":scope > .thread");
    const kids = (replies.get(root.id) ?? []).map((reply) => messageNode(reply, false));
    thread?.replaceChildren(...kids);
    if (thread) thread.hidden = kids.length === 0;
    node.classList.toggle("has-thread", kids.length > 0);
    return node;
  });
  if (nodes.length === 0) {
    const empty = make("li", "empty");
    empty.append(
      make("strong", undefined, "No messages yet."),
      document.createTextNode(" Type a command below, or pick one of the suggestions."),
    );
    list.replaceChildren(empty);
  } else {
    list.replaceChildren(...nodes);
  }
  for (const id of rendered.keys()) if (!ids.has(id)) rendered.delete(id);

  const newest = room.messages.at(-1)?.id;
  // Follow the conversation as a chat app does, unless the visitor scrolled up to read.
  if (newest !== lastMessageId && (nearBottom || lastMessageId === undefined)) {
    list.scrollTop = list.scrollHeight;
  }
  lastMessageId = newest;
}

function messageNode(message: PlaygroundMessage, isRoot: boolean): HTMLLIElement {
  const version = messageVersion(message, isRoot);
  const cached = rendered.get(message.id);
  if (cached && cached.version === version) return cached.node;

  const author = person(message.personId);
  const isBot = author?.isBot ?? false;
  // An edited message is redrawn in its own element, as Webex shows an edit: in place, not as a
  // new message (and anything holding the element, a test or an extension, still holds it).
  const node = cached?.node ?? make("li");
  node.className = `message${isBot ? " is-bot" : ""}`;
  node.replaceChildren();
  node.dataset.messageId = message.id;
  const avatar = make("span", `avatar${isBot ? " is-bot" : ""}`, initials(author?.displayName ?? "?"));
  avatar.setAttribute("aria-hidden", "true");
  const body = make("div", "message-body");
  const meta = make("div", "meta");
  meta.append(make("span", "author", author?.displayName ?? "Unknown"));
  if (isBot) meta.append(make("span", "badge", "Bot"));
  const time = make("time", undefined, timeOf(message.created));
  time.dateTime = message.created;
  meta.append(time);
  if (message.updated) meta.append(make("span", "edited", "edited"));
  body.append(meta);

  if (message.card) {
    body.append(renderCard(message));
  } else {
    const text = make("div", "message-text");
    const bot = state?.bot.displayName ?? "";
    if (message.mentionsBot && message.text.startsWith(bot)) {
      text.append(make("span", "mention", `@${bot}`), document.createTextNode(" "));
      const rest = make("span");
      // Safe: renderMarkdown escapes everything it does not itself produce.
      rest.innerHTML = renderMarkdown(message.text.slice(bot.length).trimStart());
      text.append(rest);
    } else {
      text.innerHTML = renderMarkdown(message.markdown ?? message.text);
    }
    body.append(text);
  }

  if (isRoot) {
    const reply = make("button", "link-button reply-button", "Reply in thread");
    reply.type = "button";
    reply.addEventListener("click", () => {
      replyTo = message.id;
      ui.replyTo.hidden = false;
      ui.text.focus();
    });
    body.append(reply);
  }
  node.append(avatar, body);
  if (isRoot) {
    const thread = make("ol", "thread");
    thread.setAttribute("aria-label", "Replies");
    node.append(thread);
  }
  rendered.set(message.id, { version, node });
  return node;
}

function renderCard(message: PlaygroundMessage): HTMLElement {
  const host = make("div", "card-host");
  const status = make("p", "card-status");
  status.setAttribute("role", "status");
  const AC = window.AdaptiveCards;
  if (!AC) {
    host.append(make("p", "card-error", "The Adaptive Cards renderer did not load."));
    return host;
  }
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(webexHostConfig);
  card.onExecuteAction = (action) => {
    if (action instanceof AC.SubmitAction) void press(message, action, host, status);
  };
  try {
    card.parse(message.card);
    const node = card.render();
    if (node) host.append(node);
  } catch (err) {
    host.append(make("p", "card-error", `This card could not be rendered: ${String(err)}`));
  }
  host.append(status);
  return host;
}

/** A button press, sent as the Webex client would: the Action.Submit's data with the inputs laid over it. */
async function press(
  message: PlaygroundMessage,
  action: AdaptiveCardsModule.SubmitAction,
  host: HTMLElement,
  status: HTMLElement,
): Promise<void> {
  const by = ui.actingAs.value;
  const who = state?.people.find((p) => p.email === by)?.displayName ?? by;
  const data = action.data;
  const inputs = typeof data === "object" && data !== null ? { ...(data as Record<string, unknown>) } : {};
  const buttons = Array.from(host.querySelectorAll("button"));
  for (const b of buttons) b.disabled = true;
  host.classList.add("is-pending");
  status.classList.remove("is-error");
  status.textContent = `Pressed “${action.title ?? "button"}” as ${who}…`;
  // What the bot had said before the press, so that its answer is recognisable whenever it arrives.
  const room = state?.rooms.find((r) => r.messages.some((m) => m.id === message.id));
  const botMessagesBefore = new Set(
    (room?.messages ?? []).filter((m) => m.personId === state?.bot.id).map((m) => m.id),
  );
  const result = await post("press", { by, messageId: message.id, inputs });
  host.classList.remove("is-pending");
  if (result.ok) {
    status.textContent = `Pressed “${action.title ?? "button"}” as ${who}. Waiting for the bot…`;
    if (room) {
      pendingPresses.set(message.id, { roomId: room.id, botMessagesBefore, buttons, status });
      settlePresses();
    }
  } else {
    status.textContent = result.error;
    status.classList.add("is-error");
    for (const b of buttons) b.disabled = false;
  }
}

function renderFault(): void {
  const armed = state?.armedFault;
  ui.faultArmed.textContent = armed ? `Armed: ${armed.label}.` : "No fault armed.";
  ui.faultArmed.classList.toggle("is-armed", !!armed);
  ui.faultClear.hidden = !armed;
}

function statusClass(status: number): string {
  if (status === 0) return "is-error";
  if (status >= 500) return "is-error";
  if (status >= 400) return "is-warning";
  return "is-ok";
}

function renderRequests(): void {
  const requests = state?.requests ?? [];
  const newest = requests[0]?.seq ?? 0;
  if (newest === lastRequestSeq) return;
  lastRequestSeq = newest;
  ui.requestCount.textContent = requests.length === 0 ? "none yet" : `last ${requests.length}`;
  ui.requests.replaceChildren(...requests.map(requestRow));
}

function requestRow(request: RequestSummary): HTMLTableRowElement {
  const row = make("tr");
  if (request.fault) row.classList.add("is-faulted");
  const time = make("td", "time", new Date(request.at).toLocaleTimeString([], { hour12: false }));
  const method = make("td", `method method-${request.method.toLowerCase()}`, request.method);
  const path = make("td", "path", request.shortPath);
  path.title = request.path;
  const status = make(
    "td",
    `status ${statusClass(request.status)}`,
    request.status === 0 ? "dropped" : String(request.status),
  );
  if (request.fault) {
    const fault = make("span", "fault", "injected");
    fault.title = `Injected fault: ${request.fault}`;
    status.append(" ", fault);
  }
  const token = make("td", "token");
  token.append(make("span", `token-chip token-${request.token}`, request.token));
  row.append(time, method, path, status, token);
  return row;
}

let toastTimer: number | undefined;
function toast(text: string): void {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    ui.toast.hidden = true;
  }, 3000);
}

// --- controls ----------------------------------------------------------------------------------------

function wire(): void {
  // The extension list is one tap away on a narrow window, and out of the conversation's way.
  const narrow = window.matchMedia("(max-width: 1100px)");
  ui.orgDetails.open = !narrow.matches;
  narrow.addEventListener("change", () => {
    ui.orgDetails.open = !narrow.matches;
  });
  ui.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    void send();
  });
  ui.actingAs.addEventListener("change", () => {
    if (selectedRoomId) actingAs.set(selectedRoomId, ui.actingAs.value);
    render();
  });
  ui.mention.addEventListener("change", () => updatePlaceholder(selectedRoom()));
  ui.cancelReply.addEventListener("click", () => {
    replyTo = undefined;
    ui.replyTo.hidden = true;
    ui.text.focus();
  });
  for (const text of suggestions) {
    const chip = make("button", "chip", text);
    chip.type = "button";
    chip.addEventListener("click", () => {
      ui.text.value = text;
      ui.text.focus();
    });
    ui.suggestions.append(chip);
  }
  const showFaultHelp = () => {
    ui.faultHelp.textContent = faultHelp[ui.faultStatus.value] ?? "";
  };
  ui.faultStatus.addEventListener("change", showFaultHelp);
  showFaultHelp();
  ui.faultForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void arm(Number(ui.faultStatus.value), ui.faultTarget.value);
  });
  ui.faultClear.addEventListener("click", () => {
    void arm("none", "");
  });
  ui.reset.addEventListener("click", () => {
    void (async () => {
      ui.reset.disabled = true;
      const result = await post("reset", {});
      ui.reset.disabled = false;
      rendered.clear();
      replyTo = undefined;
      toast(result.ok ? "Demo org restored: messages cleared, extensions back." : result.error);
    })();
  });
}

async function send(): Promise<void> {
  const room = selectedRoom();
  const text = ui.text.value.trim();
  if (!room || text === "") return;
  ui.send.disabled = true;
  ui.composerError.textContent = "";
  const result = await post("say", {
    from: ui.actingAs.value,
    roomId: room.id,
    text,
    mention: room.type === "group" && ui.mention.checked,
    ...(replyTo ? { parentId: replyTo } : {}),
  });
  ui.send.disabled = false;
  if (result.ok) {
    ui.text.value = "";
    replyTo = undefined;
    ui.replyTo.hidden = true;
  } else {
    ui.composerError.textContent = result.error;
  }
  ui.text.focus();
}

async function arm(status: number | "none", target: string): Promise<void> {
  const result = await post("fault", status === "none" ? { status } : { status, target });
  if (!result.ok) toast(result.error);
}

// Markdown in card text (TextBlocks, facts) goes through the same escaping renderer as messages.
const AC = window.AdaptiveCards;
if (AC) {
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = renderMarkdown(text);
    result.didProcess = true;
  };
}
wire();
connect();
void refresh();
