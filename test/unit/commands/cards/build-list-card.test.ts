import { describe, expect, it } from "vitest";
import { buildListCard, type ListCardInput } from "../../../../commands/cards/build-list-card.js";
import { TOKEN_INPUT } from "../../../../src/cards/adaptive-card.js";

const NOW = Date.UTC(2024, 0, 15, 13, 55, 0);
const row = (extension: string, locationName = "HQ", locationId = "LOC_HQ") => ({
  target: {
    callParkExtensionId: `CPE_${extension}`,
    locationId,
    locationName,
    extension,
    name: `Park *${extension}*`,
  },
  deleteToken: `token-${extension}`,
});

const base: ListCardInput = {
  scope: { kind: "location", locationName: "HQ" },
  rows: [row("1234"), row("1235")],
  start: 0,
  total: 2,
  expiresAt: NOW + 600_000,
  now: NOW,
};

/** Every Action.Submit on the card, body and actions, as title → token. */
function submits(card: Record<string, unknown>): [string, unknown][] {
  const found: [string, unknown][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const element = node as Record<string, unknown>;
    if (element.type === "Action.Submit")
      found.push([String(element.title), (element.data as Record<string, unknown>)[TOKEN_INPUT]]);
    for (const value of Object.values(element)) walk(value);
  };
  walk(card.body);
  walk(card.actions);
  return found;
}

describe("buildListCard", () => {
  it("one row per extension, each with its own Delete carrying its own token; no paging on a single page", () => {
    const { card, markdown } = buildListCard(base);
    expect(submits(card)).toEqual([
      ["Delete 1234", "token-1234"],
      ["Delete 1235", "token-1235"],
    ]);
    expect(card.actions).toEqual([]);
    expect(markdown).toContain("Call park extensions at HQ (1–2 of 2):");
    // Names from Webex are escaped: they cannot format the card or the fallback.
    expect(markdown).toContain("- 1234 (Park \\*1234\\*)");
  });

  it("Previous and Next are the card's own actions, with their tokens; the range says where the page is", () => {
    const { card, markdown } = buildListCard({
      ...base,
      start: 10,
      total: 25,
      previousToken: "prev",
      nextToken: "next",
    });
    expect(card.actions).toEqual([
      expect.objectContaining({ title: "Previous", data: { [TOKEN_INPUT]: "prev" } }),
      expect.objectContaining({ title: "Next", data: { [TOKEN_INPUT]: "next" } }),
    ]);
    expect(markdown).toContain("(11–12 of 25)");
    // Webex shows at most five buttons per action set: the rows' buttons are each in their own.
    expect((card.actions as unknown[]).length).toBeLessThanOrEqual(5);
  });

  it("an org page is headed by location, consecutive rows of one location under one heading", () => {
    const { card, markdown } = buildListCard({
      ...base,
      scope: { kind: "org", orgName: "Acme" },
      rows: [row("1234"), row("1235"), row("3001", "HQ Annex", "LOC_ANNEX")],
      total: undefined,
    } as ListCardInput);
    const headings = (card.body as { weight?: string; text?: string }[])
      .filter((e) => e.weight === "Bolder")
      .map((e) => e.text);
    expect(headings).toEqual(["Call park extensions in Acme", "HQ", "HQ Annex"]);
    expect(markdown).toMatch(/^Call park extensions in Acme \(1–3\):\n\*\*HQ\*\*\n- 1234/);
  });
});
