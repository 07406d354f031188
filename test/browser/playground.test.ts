import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { createLogger } from "../../src/logger.js";
import { type RunningDemo, startDemo } from "../../src/start-demo.js";

const ALICE = "alice@acme.example";
const MALLORY = "mallory@contractor.example";
const RITA = "rita@acme.example";
const SHOTS = "test-results";

/** Debian's `chromium` package, or wherever CHROMIUM_PATH points: nothing is downloaded. */
function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

/**
 * One card row per extension, in order, each showing its extension and its own Delete button, drawn
 * and inside the card (not clipped away or pushed out of it).
 */
async function expectRows(card: Locator, extensions: string[]): Promise<void> {
  const rows = card.locator(".ac-columnSet");
  await expect(rows.count()).resolves.toBe(extensions.length);
  const cardBox = await card.boundingBox();
  for (const [i, extension] of extensions.entries()) {
    const row = rows.nth(i);
    await expect(row.locator(".ac-textBlock").first().textContent()).resolves.toBe(extension);
    const button = row.getByRole("button", { name: `Delete ${extension}`, exact: true });
    await expect(button.isVisible()).resolves.toBe(true);
    const box = await button.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((cardBox?.x ?? 0) + (cardBox?.width ?? 0));
  }
}

/** The one DELETE of a call park extension: what the bulk test holds to make its run last. */
const CALL_PARK_EXTENSION_DELETE = /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/[^/]+$/;

/** HQ's three, as the demo org seeds them; Lobby Group holds the first two. */
const HQ_THREE = [
  { extension: "1234", name: "Lobby Park" },
  { extension: "1235", name: "Loading Dock" },
  { extension: "2001", name: "Reception" },
];

describe("the playground in a browser", () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  /** Console errors and uncaught exceptions (a CSP violation shows up here too). */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemo({ port: 0, host: "127.0.0.1", logger: createLogger("silent") });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${demo.url}/`);
    await page.locator("#live:not(.is-off)").waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const space = (title: string) => page.locator(`#space-list [data-room-title="${title}"]`);
  const say = async (text: string) => {
    await page.fill("#text", text);
    await page.press("#text", "Enter");
  };
  const botText = (pattern: RegExp) => page.locator(".message.is-bot .message-text", { hasText: pattern });
  /** A bot card as the renderer drew it, told apart from the space's other cards by its text. */
  const botCard = (text: string | RegExp) => page.locator(".card-host .ac-adaptiveCard", { hasText: text });
  /** The Reset button, and the empty conversation it leaves: the demo org as it started. */
  const resetDemoOrg = async () => {
    await page.getByRole("button", { name: "Reset demo org" }).click();
    await page.locator("#reset:enabled").waitFor();
    await page.locator("#messages .empty").waitFor();
  };

  it("Alice asks, sees the rendered card, presses Delete, sees the result; the extension is gone", async () => {
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    await space("Alice").click();
    await page.selectOption("#as", ALICE);
    await say("delete park ext 1234 at HQ");

    // The user's message, then the bot's card in its thread, drawn by the Adaptive Cards renderer.
    await page.locator(".message-text", { hasText: "delete park ext 1234 at HQ" }).waitFor();
    const card = page.locator(".message .thread .card-host .ac-adaptiveCard");
    await card.waitFor();
    const cardText = await card.textContent();
    expect(cardText).toContain("Delete this call park extension?");
    expect(cardText).toContain("Lobby Park");
    expect(cardText).toContain("Alice Admin");
    // The bot escapes names for markdown; the renderer must show them as typed.
    expect(cardText).not.toContain("\\");
    const confirm = page.getByRole("button", { name: "Delete 1234" });
    await expect(confirm.isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/card.png` });
    await page
      .locator(".card-host")
      .first()
      .screenshot({ path: `${SHOTS}/card-only.png` });

    await confirm.click();
    // The result is a card of its own, with Undo.
    const result = botCard(/Deleted call park extension 1234/);
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Deleted call park extension 1234 \(Lobby Park\) at HQ/);
    await expect(page.getByRole("button", { name: "Undo" }).isEnabled()).resolves.toBe(true);
    // The used card is retired (deleted), as Webex cards cannot be edited.
    await botCard("Delete this call park extension?").waitFor({ state: "detached" });
    // The request log shows the DELETE, made with the admin token.
    const deleteRow = page.locator("#requests tr", { hasText: "DELETE" }).first();
    await deleteRow.waitFor();
    expect(await deleteRow.textContent()).toMatch(/callParkExtensions[\s\S]*204[\s\S]*admin/);
    await page.screenshot({ path: `${SHOTS}/result.png` });

    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    const deletes = demo.emulator.requests.filter((r) => r.method === "DELETE");
    // One DELETE of the extension with the admin token, one of the used card with the bot token.
    expect(deletes.map((r) => `${r.path.split("/")[1]} ${r.auth} ${r.status}`).sort()).toEqual([
      "messages bot 204",
      "telephony admin 204",
    ]);
  });

  it("after someone else presses a card, its buttons come back once the bot has answered", async () => {
    await space("Voice Admins").click();
    await page.selectOption("#as", ALICE);
    await say("delete park ext 1235 at HQ");
    const confirm = page.getByRole("button", { name: "Delete 1235" });
    await confirm.waitFor();

    // Bob is not the requester: the bot refuses his press and keeps the card.
    await page.selectOption("#as", "bob@acme.example");
    await confirm.click();
    await botText(/who asked, can press this card's buttons/).waitFor();
    await page.locator(".card-status", { hasText: "The bot answered" }).waitFor();
    await expect(confirm.isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/pressed-by-someone-else.png` });
    expect(demo.emulator.callParkExtension("HQ", "1235")).toBeDefined();

    // The requester can still confirm, without reloading the page.
    await page.selectOption("#as", ALICE);
    await confirm.click();
    await botCard(/Deleted call park extension 1235/).waitFor();
    expect(demo.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
  });

  it("keeps long names inside the sidebar: cut with an ellipsis, the full name on hover", async () => {
    // As long as Webex allows (30 characters), in one word: nowhere to wrap.
    const long = "ReceptionOverflowParkingEastWi";
    const hq = demo.emulator.location("HQ");
    const created = await fetch(
      `${demo.url}/emulator/v1/telephony/config/locations/${hq?.id}/callParkExtensions`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${buildDemoOrg().admins[0]?.token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ extension: "7777", name: long }),
      },
    );
    expect(created.status).toBe(201);
    await page.locator("#org-summary li", { hasText: "7777" }).waitFor();
    // A space title as long as Webex allows: set on the rendered button, as the page renders titles.
    await page.evaluate((title) => {
      const node = document.querySelector("#space-list .space-title");
      if (node) node.textContent = title;
    }, `${long} ${long}`);
    await page.locator(".sidebar").screenshot({ path: `${SHOTS}/long-names.png` });
    const overflow = await page.evaluate(() => {
      const sidebar = document.querySelector(".sidebar");
      return sidebar ? sidebar.scrollWidth - sidebar.clientWidth : 1;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    for (const selector of ["#space-list .space-title", "#org-summary li"]) {
      const fits = await page
        .locator(selector)
        .first()
        .evaluate(
          (node) =>
            node.getBoundingClientRect().right <=
            (document.querySelector(".sidebar")?.getBoundingClientRect().right ?? 0),
        );
      expect(fits).toBe(true);
    }
    await expect(space("Alice").getAttribute("title")).resolves.toBe("Alice");
  });

  it("Mallory @mentions the bot in Voice Admins and is refused; nothing is deleted", async () => {
    const before = demo.emulator.callParkExtensions().length;
    await space("Voice Admins").click();
    await expect(page.locator("#space-title").textContent()).resolves.toBe("Voice Admins");
    await page.selectOption("#as", MALLORY);
    await expect(page.locator("#as-hint").textContent()).resolves.toMatch(/not on the allowlist/);
    // The @mention toggle is on by default in a group space.
    await expect(page.isChecked("#mention")).resolves.toBe(true);
    await say("delete park ext 2001 at HQ");

    const asked = page.locator(".message-text", { hasText: "delete park ext 2001 at HQ" });
    await asked.waitFor();
    await expect(asked.locator(".mention").textContent()).resolves.toBe("@Park Bot");
    await botText(/not on the list of admins allowed/).waitFor();
    expect(await botCard("Delete this call park extension?").count()).toBe(0);
    expect(demo.emulator.callParkExtensions()).toHaveLength(before);
    expect(demo.emulator.callParkExtension("HQ", "2001")).toBeDefined();
    await page.screenshot({ path: `${SHOTS}/refusal.png` });
  });

  it("Rita, allowlisted but a Read-only Administrator, is refused and told the role she needs; nothing is deleted", async () => {
    await space("Voice Admins").click();
    await expect(page.locator("#space-title").textContent()).resolves.toBe("Voice Admins");
    await expect(page.locator("#as option", { hasText: "Rita Readonly" }).textContent()).resolves.toBe(
      "Rita Readonly (not a Full Administrator)",
    );
    await page.selectOption("#as", RITA);
    await expect(page.locator("#as-hint").textContent()).resolves.toBe(
      `${RITA} · on the allowlist, but Read-only Administrator, not a Full Administrator: the bot will refuse`,
    );
    await say("delete park ext 2001 at HQ");
    await botText(
      /needs the Full Administrator role in Control Hub, and you hold “Read-only Administrator”/,
    ).waitFor();
    expect(await botCard("Delete this call park extension?").count()).toBe(0);
    expect(demo.emulator.callParkExtension("HQ", "2001")).toBeDefined();
    await page.screenshot({ path: `${SHOTS}/role-refusal.png` });
  });

  it("typing @Park Bot mentions the bot even with the toggle off", async () => {
    await page.selectOption("#as", ALICE);
    await page.uncheck("#mention");
    await say("@Park Bot help");
    await page.locator(".message-text .mention").nth(1).waitFor();
    await botText(/Park Bot deletes/).waitFor();
    await page.check("#mention");
  });

  it("an armed 403 hits the DELETE; the bot explains it and the log marks the injected fault", async () => {
    await page.selectOption("#fault-status", "403");
    await page.selectOption("#fault-target", "delete");
    await page.getByRole("button", { name: "Arm fault" }).click();
    await page.locator("#fault-armed.is-armed", { hasText: "403" }).waitFor();

    await space("Alice").click();
    await say("delete park ext 2001 at HQ");
    await page.getByRole("button", { name: "Delete 2001" }).click();
    await botText(/telephony_config_write/).waitFor();
    await page.locator("#fault-armed:not(.is-armed)").waitFor();
    const faulted = page.locator("#requests tr.is-faulted");
    await expect(faulted.textContent()).resolves.toMatch(/DELETE[\s\S]*403[\s\S]*injected[\s\S]*admin/);
    expect(demo.emulator.callParkExtension("HQ", "2001")).toBeDefined();
  });

  it("Reset restores the demo org", async () => {
    await resetDemoOrg();
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    await page.locator("#org-summary details[open] li", { hasText: "1234" }).waitFor();
  });

  it("lists Warehouse 10 rows a page, each with its own visible Delete; Next shows rows 11–20 with Previous", async () => {
    await resetDemoOrg();
    // Warehouse holds 5555 and the 120 docks 6000–6119: sorted by extension, 5555 comes first.
    const warehouse = demo.emulator
      .callParkExtensions()
      .filter((e) => e.locationName === "Warehouse")
      .map((e) => e.extension)
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    expect(warehouse.length).toBeGreaterThan(20);
    await space("Alice").click();
    await page.selectOption("#as", ALICE);
    await say("list park ext at Warehouse");

    const first = botCard(`1–10 of ${warehouse.length}`);
    await first.waitFor();
    await expect(first.textContent()).resolves.toContain("Call park extensions at Warehouse");
    await expectRows(first, warehouse.slice(0, 10));
    // The first page has nowhere to go back to.
    await expect(first.getByRole("button", { name: "Previous", exact: true }).count()).resolves.toBe(0);
    await page.screenshot({ path: `${SHOTS}/list.png` });

    await first.getByRole("button", { name: "Next", exact: true }).click();
    const second = botCard(`11–20 of ${warehouse.length}`);
    await second.waitFor();
    // Turning the page retires the first page's card.
    await first.waitFor({ state: "detached" });
    await expectRows(second, warehouse.slice(10, 20));
    for (const paging of ["Previous", "Next"]) {
      await expect(second.getByRole("button", { name: paging, exact: true }).isVisible()).resolves.toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}/list-next.png` });
  });

  it("a list row's Delete shows the confirmation card with its call park group; confirming deletes only that row's extension", async () => {
    await resetDemoOrg();
    expect(demo.emulator.callParkExtension("HQ", "1235")).toBeDefined();
    await space("Alice").click();
    await page.selectOption("#as", ALICE);
    await say("list park ext at HQ");
    const list = botCard("Call park extensions at HQ");
    await list.waitFor();
    await expectRows(list, ["1234", "1235", "2001"]);

    await list.getByRole("button", { name: "Delete 1235", exact: true }).click();
    const confirmCard = botCard("Delete this call park extension?");
    await confirmCard.waitFor();
    const confirmText = await confirmCard.textContent();
    expect(confirmText).toContain("Loading Dock");
    expect(confirmText).toMatch(/Used by\s*Call park group Lobby Group\./);
    // Opening the confirmation deleted nothing.
    expect(demo.emulator.callParkExtension("HQ", "1235")).toBeDefined();
    await page.screenshot({ path: `${SHOTS}/list-row-confirm.png` });

    await confirmCard.getByRole("button", { name: "Delete 1235", exact: true }).click();
    const result = botCard(/Deleted call park extension 1235/);
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Deleted call park extension 1235 \(Loading Dock\) at HQ/);
    await confirmCard.waitFor({ state: "detached" });
    expect(demo.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(demo.emulator.callParkExtension("HQ", "2001")).toBeDefined();
  });

  it("show park ext 1234 at HQ names Lobby Group; its Delete 1234… opens the confirmation card and deletes nothing", async () => {
    await resetDemoOrg();
    await space("Alice").click();
    await page.selectOption("#as", ALICE);
    // The suggestion fills in the command; Enter sends it.
    await page.locator("#suggestions .chip", { hasText: "show park ext 1234 at HQ" }).click();
    await expect(page.inputValue("#text")).resolves.toBe("show park ext 1234 at HQ");
    await page.press("#text", "Enter");
    const shown = botCard("Call park extension 1234");
    await shown.waitFor();
    const shownText = await shown.textContent();
    expect(shownText).toContain("Lobby Park");
    expect(shownText).toMatch(/Used by\s*Call park group Lobby Group\./);
    await page.screenshot({ path: `${SHOTS}/show.png` });

    await shown.getByRole("button", { name: "Delete 1234…", exact: true }).click();
    const confirmCard = botCard("Delete this call park extension?");
    await confirmCard.waitFor();
    const confirmText = await confirmCard.textContent();
    expect(confirmText).toContain("Lobby Park");
    expect(confirmText).toMatch(/Used by\s*Call park group Lobby Group\./);
    await expect(
      confirmCard.getByRole("button", { name: "Delete 1234", exact: true }).isEnabled(),
    ).resolves.toBe(true);
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });

  /** The message element (`li`) a locator is inside, by its id. */
  const messageIdOf = (inner: Locator) =>
    inner
      .locator("xpath=ancestor::li[contains(concat(' ', @class, ' '), ' message ')][1]")
      .getAttribute("data-message-id");
  /** The IDs the bulk test deleted, so the Undo test can tell re-created extensions from the old ones. */
  const deletedIds = new Map<string, string>();
  const lobbyGroup = () =>
    demo.emulator
      .callParks("HQ")
      .find((g) => g.name === "Lobby Group")
      ?.callParkExtensions.map((e) => e.extension)
      .sort();

  it("bulk: one card for 1234, 1235, 2001 at HQ; Delete 3 edits one progress message in place, then a summary with Undo (3)", async () => {
    await resetDemoOrg();
    deletedIds.clear();
    for (const { extension } of HQ_THREE) {
      const seeded = demo.emulator.callParkExtension("HQ", extension);
      expect(seeded).toBeDefined();
      deletedIds.set(extension, seeded?.id ?? "");
    }
    expect(lobbyGroup()).toEqual(["1234", "1235"]);
    await space("Alice").click();
    await page.selectOption("#as", ALICE);
    // The suggestion fills in the command; Enter sends it.
    await page.locator("#suggestions .chip", { hasText: "delete park ext 1234, 1235, 2001 at HQ" }).click();
    await expect(page.inputValue("#text")).resolves.toBe("delete park ext 1234, 1235, 2001 at HQ");
    await page.press("#text", "Enter");

    const card = botCard("Delete 3 call park extensions?");
    await card.waitFor();
    const cardText = (await card.textContent()) ?? "";
    expect(cardText).toContain("HQ — 3: 1234 (Lobby Park), 1235 (Loading Dock), 2001 (Reception)");
    expect(cardText).toMatch(/Extensions\s*3 at HQ/);
    expect(cardText).toMatch(/Call park groups\s*Lobby Group \(HQ\) loses 2: 1234, 1235\./);
    expect(cardText).toContain("Alice Admin");
    expect(cardText).not.toContain("\\");
    // Not a `delete all`: no name to type.
    await expect(card.locator("input").count()).resolves.toBe(0);
    const confirm = card.getByRole("button", { name: "Delete 3", exact: true });
    await expect(confirm.isEnabled()).resolves.toBe(true);
    await expect(card.getByRole("button", { name: "Cancel", exact: true }).isEnabled()).resolves.toBe(true);
    // The card deleted nothing.
    for (const { extension } of HQ_THREE)
      expect(demo.emulator.callParkExtension("HQ", extension)).toBeDefined();
    await page.screenshot({ path: `${SHOTS}/bulk-card.png` });

    // Two of the three DELETEs are held, 2.2 s and 4 s: the run lasts past the bot's 2 s between
    // edits, so it edits the progress message on the way (when the first held one is done), and
    // again when finished, with time between the two for the page to show the one on the way.
    demo.emulator.faults.inject({ method: "DELETE", path: CALL_PARK_EXTENSION_DELETE, delayMs: 2200 });
    demo.emulator.faults.inject({ method: "DELETE", path: CALL_PARK_EXTENSION_DELETE, delayMs: 4000 });
    // Every text the page shows for the progress message, in order, and a mark that a reload would lose.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { progressTexts: seen, notReloaded: true });
      const record = () => {
        document.querySelectorAll("#messages .message.is-bot .message-text").forEach((node) => {
          const text = node.textContent ?? "";
          if (text.startsWith("Deleting 3 call park extensions") && seen.at(-1) !== text) seen.push(text);
        });
      };
      const messages = document.getElementById("messages");
      if (messages)
        new MutationObserver(record).observe(messages, {
          childList: true,
          subtree: true,
          characterData: true,
        });
    });
    await confirm.click();

    const progress = botText(/^Deleting 3 call park extensions at HQ: /);
    await progress.filter({ hasText: "0 of 3 done…" }).waitFor();
    const progressId = await messageIdOf(progress);
    expect(progressId).toBeTruthy();
    // Posted in the card's thread, under Alice's request.
    await expect(page.locator(`.message .thread [data-message-id="${progressId}"]`).count()).resolves.toBe(1);
    // Marks the element shown now: it must be the one that later shows the new text.
    await page.locator(`[data-message-id="${progressId}"]`).evaluate((node) => {
      (node as HTMLElement).dataset.probe = "before-edit";
    });
    await page.screenshot({ path: `${SHOTS}/bulk-progress.png` });

    await progress.filter({ hasText: "finished — 3 deleted. The summary follows." }).waitFor();
    // One message, the same element, its text replaced, marked edited; the page was not reloaded.
    await expect(progress.count()).resolves.toBe(1);
    await expect(messageIdOf(progress)).resolves.toBe(progressId);
    const edited = page.locator(`[data-message-id="${progressId}"][data-probe="before-edit"]`);
    await expect(edited.count()).resolves.toBe(1);
    await expect(edited.locator(".meta .edited").textContent()).resolves.toBe("edited");
    await expect(edited.locator(".message-text").textContent()).resolves.toBe(
      "Deleting 3 call park extensions at HQ: finished — 3 deleted. The summary follows.",
    );
    const seen = await page.evaluate(
      () => (window as unknown as { progressTexts: string[]; notReloaded?: boolean }).progressTexts,
    );
    expect(seen[0]).toBe("Deleting 3 call park extensions at HQ: 0 of 3 done…");
    // In between, at least one count of done ones: the page showed the progress moving.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const between of seen.slice(1, -1))
      expect(between).toMatch(/^Deleting 3 call park extensions at HQ: [1-3] of 3 done…$/);
    expect(seen.at(-1)).toBe(
      "Deleting 3 call park extensions at HQ: finished — 3 deleted. The summary follows.",
    );
    await expect(
      page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    // The bot edited it at least twice (progress on the way, then finished) and never posted another.
    const edits = demo.emulator.requests.filter(
      (r) => r.method === "PUT" && r.path === `/messages/${progressId}` && r.status === 200,
    );
    expect(edits.length).toBeGreaterThanOrEqual(2);

    const summary = botCard(/Bulk delete at HQ, 3 call park extensions: 3 deleted\./);
    await summary.waitFor();
    const summaryText = (await summary.textContent()) ?? "";
    expect(summaryText).toMatch(
      /Undo \(until .+, only the person who asked\) re-creates the 3 deleted extensions/,
    );
    const undo = summary.getByRole("button", { name: "Undo (3)", exact: true });
    await expect(undo.isEnabled()).resolves.toBe(true);
    // The used bulk card is retired.
    await card.waitFor({ state: "detached" });
    await page.screenshot({ path: `${SHOTS}/bulk-summary-undo.png` });

    for (const { extension } of HQ_THREE)
      expect(demo.emulator.callParkExtension("HQ", extension)).toBeUndefined();
    expect(lobbyGroup()).toEqual([]);
    expect(demo.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
  });

  it("Undo (3) on that summary re-creates them at HQ, back in Lobby Group; the used Undo is retired and cannot be pressed again", async () => {
    // Sequenced after the bulk test: its summary card is the one undone here.
    const summary = botCard(/Bulk delete at HQ, 3 call park extensions: 3 deleted\./);
    await summary.waitFor();
    const summaryId = await messageIdOf(summary);
    expect(summaryId).toBeTruthy();
    await summary.getByRole("button", { name: "Undo (3)", exact: true }).click();

    const reply = botText(/^Undo: 3 of 3 restored\./);
    await reply.waitFor();
    const replyText = (await reply.textContent()) ?? "";
    expect(replyText).toContain("1234 (Lobby Park) at HQ: restored with a new ID, back in Lobby Group");
    expect(replyText).toContain("1235 (Loading Dock) at HQ: restored with a new ID, back in Lobby Group");
    expect(replyText).toMatch(/2001 \(Reception\) at HQ: restored with a new ID(?!, back)/);
    expect(replyText).toMatch(/monitoring lists and line-key labels .* are not restored/);
    expect(replyText).not.toContain("not restored —");
    // Undo is single use: its card is retired.
    await summary.waitFor({ state: "detached" });
    await page.screenshot({ path: `${SHOTS}/undo.png` });

    for (const { extension, name } of HQ_THREE) {
      const back = demo.emulator.callParkExtension("HQ", extension);
      expect(back?.name).toBe(name);
      expect(back?.id).not.toBe(deletedIds.get(extension));
    }
    expect(lobbyGroup()).toEqual(["1234", "1235"]);

    // A second press of that Undo finds no card to press, and restores nothing more.
    // From outside the page, as curl would: the page itself offers no button to press.
    const again = await fetch(`${demo.url}/playground/api/press`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ by: ALICE, messageId: summaryId, inputs: {} }),
    });
    expect(demo.emulator.message(summaryId ?? "")).toBeUndefined();
    expect(again.status).toBe(404);
    await expect(again.json()).resolves.toEqual({ error: expect.stringMatching(/^That card is gone/) });
    await expect(page.getByRole("button", { name: /^Undo/ }).count()).resolves.toBe(0);
    expect(demo.emulator.callParkExtensions().filter((e) => e.locationName === "HQ")).toHaveLength(3);
  });

  it("delete all park ext at Branch Office: Delete without typing the name deletes nothing and says so; with the name typed, both go", async () => {
    await resetDemoOrg();
    const branchOffice = () =>
      demo.emulator
        .callParkExtensions()
        .filter((e) => e.locationName === "Branch Office")
        .map((e) => e.extension)
        .sort();
    expect(branchOffice()).toEqual(["4001", "5555"]);
    await space("Alice").click();
    await page.selectOption("#as", ALICE);
    await say("delete all park ext at Branch Office");

    const card = botCard("Delete 2 call park extensions?");
    await card.waitFor();
    const cardText = (await card.textContent()) ?? "";
    expect(cardText).toContain("Branch Office — 2:");
    expect(cardText).toContain("5555 (Shared Park)");
    expect(cardText).toContain("4001 (Branch Park)");
    expect(cardText).toMatch(/Call park groups\s*Branch Group \(Branch Office\) loses 1: 5555\./);
    expect(cardText).toContain(
      "To delete every call park extension at Branch Office, type the location's name:",
    );
    const box = card.locator("input");
    await expect(box.count()).resolves.toBe(1);
    await expect(box.inputValue()).resolves.toBe("");
    await page.screenshot({ path: `${SHOTS}/delete-all-card.png` });

    const confirm = card.getByRole("button", { name: "Delete 2", exact: true });
    await confirm.click();
    await botText(
      /type Branch Office in the card's box, then press Delete 2 again\. Nothing was deleted\./,
    ).waitFor();
    await page
      .locator(".card-host", { hasText: "Delete 2 call park extensions?" })
      .locator(".card-status", { hasText: "The bot answered" })
      .waitFor();
    expect(branchOffice()).toEqual(["4001", "5555"]);
    await expect(botText(/^Deleting 2 call park extensions/).count()).resolves.toBe(0);
    // The card stays open, its Delete usable again.
    await expect(confirm.isEnabled()).resolves.toBe(true);

    await box.fill("Branch Office");
    await confirm.click();
    await botText(/^Deleting 2 call park extensions at Branch Office: finished — 2 deleted\./).waitFor();
    const summary = botCard(/Bulk delete at Branch Office, 2 call park extensions: 2 deleted\./);
    await summary.waitFor();
    await expect(summary.getByRole("button", { name: "Undo (2)", exact: true }).isEnabled()).resolves.toBe(
      true,
    );
    await card.waitFor({ state: "detached" });
    expect(branchOffice()).toEqual([]);
    // Only Branch Office's: Warehouse's 5555, the same number elsewhere, stays.
    expect(demo.emulator.callParkExtension("Warehouse", "5555")).toBeDefined();
    expect(
      demo.emulator.callParks("Branch Office").find((g) => g.name === "Branch Group")?.callParkExtensions,
    ).toEqual([]);
  });

  it("keeps the message box in view on a medium and a narrow window", async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const medium = await page.locator("#text").boundingBox();
    expect((medium?.y ?? 900) + (medium?.height ?? 0)).toBeLessThanOrEqual(768);
    await expect(page.locator("#requests-title").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/medium.png` });

    await page.setViewportSize({ width: 420, height: 800 });
    const box = await page.locator("#text").boundingBox();
    expect(box).not.toBeNull();
    expect(box?.y ?? 900).toBeLessThan(800 - (box?.height ?? 0));
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(420);
    await expect(page.locator("#send").isVisible()).resolves.toBe(true);
    await expect(space("Voice Admins").isVisible()).resolves.toBe(true);
    // No sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/narrow.png` });

    // The extension list is one tap away, and opening it shows the extensions.
    const toggle = page.locator("#org-details > summary");
    await expect(toggle.isVisible()).resolves.toBe(true);
    await toggle.click();
    const extension = page.locator("#org-summary details[open] li", { hasText: "1234" });
    await extension.waitFor();
    await expect(extension.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/narrow-extensions.png`, fullPage: true });
    await toggle.click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("logged no error in the page (script errors, CSP violations)", () => {
    expect(pageErrors).toEqual([]);
  });
});
