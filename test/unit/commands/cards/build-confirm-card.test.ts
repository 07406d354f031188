import { describe, expect, it } from "vitest";
import { buildConfirmCard, type ConfirmCardInput } from "../../../../commands/cards/build-confirm-card.js";
import { TOKEN_INPUT } from "../../../../src/cards/adaptive-card.js";

const EXPIRES = Date.UTC(2024, 0, 15, 14, 5, 0);

const input: ConfirmCardInput = {
  target: {
    callParkExtensionId: "CPE_1",
    locationId: "LOC_HQ",
    locationName: "HQ Annex",
    extension: "1234",
    name: "Lobby Park",
  },
  orgName: "Example Corp",
  requester: { displayName: "Alice Admin", email: "alice@example.com" },
  expiresAt: EXPIRES,
  now: EXPIRES - 5 * 60_000,
  confirmToken: "v1.confirm-token.sig",
  cancelToken: "v1.cancel-token.sig",
};

interface Action {
  type: string;
  title: string;
  data: Record<string, unknown>;
  style?: string;
}

function actions(card: Record<string, unknown>): Action[] {
  return card.actions as Action[];
}

function facts(card: Record<string, unknown>): Record<string, string> {
  const body = card.body as { type: string; facts?: { title: string; value: string }[] }[];
  const set = body.find((element) => element.type === "FactSet");
  return Object.fromEntries((set?.facts ?? []).map((f) => [f.title, f.value]));
}

describe("buildConfirmCard", () => {
  const { card, markdown } = buildConfirmCard(input);

  it("is an Adaptive Card version 1.3", () => {
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.3" });
  });

  it("has exactly two Action.Submit buttons whose data holds only the token", () => {
    const list = actions(card);
    expect(list).toHaveLength(2);
    expect(list.map((a) => a.type)).toEqual(["Action.Submit", "Action.Submit"]);
    expect(list.map((a) => a.data)).toEqual([
      { [TOKEN_INPUT]: input.confirmToken },
      { [TOKEN_INPUT]: input.cancelToken },
    ]);
    expect(list.map((a) => a.title)).toEqual(["Delete 1234", "Cancel"]);
    expect(list[0]?.style).toBe("destructive");
  });

  it("has no input elements the server would have to trust", () => {
    expect(JSON.stringify(card.body)).not.toMatch(/"type":"Input\./);
  });

  it.each<[string, string]>([
    ["Extension", "1234"],
    ["Name", "Lobby Park"],
    ["Location", "HQ Annex"],
    ["Organization", "Example Corp"],
    ["Requested by", "Alice Admin (alice@example.com)"],
    ["Expires", "14:05 UTC"],
  ])("fact %s = %j", (title, value) => {
    expect(facts(card)[title]).toBe(value);
  });

  it.each(["1234", "Lobby Park", "HQ Annex", "Example Corp", "Alice Admin", "14:05 UTC"])(
    "the markdown fallback mentions %j",
    (text) => {
      expect(markdown).toContain(text);
    },
  );

  it("the markdown fallback names the buttons as titled, and no Confirm button", () => {
    expect(markdown).toContain("press **Delete 1234** or **Cancel**");
    expect(markdown).not.toMatch(/press Confirm/);
  });

  it("the expiry names its date when it is not on the clock's day (UTC)", () => {
    const built = buildConfirmCard({ ...input, now: Date.UTC(2024, 0, 14, 23, 58) });
    expect(facts(built.card).Expires).toBe("Jan 15, 14:05 UTC");
    expect(built.markdown).toContain("expires Jan 15, 14:05 UTC");
  });

  it("falls back to the requester's email when there is no display name", () => {
    const built = buildConfirmCard({ ...input, requester: { displayName: "", email: "bob@example.com" } });
    expect(facts(built.card)["Requested by"]).toBe("bob@example.com (bob@example.com)");
  });

  const MALICIOUS = "**x** [click](http://evil) <@all>";
  it.each<[string, Partial<ConfirmCardInput>]>([
    ["name", { target: { ...input.target, name: MALICIOUS } }],
    ["location", { target: { ...input.target, locationName: MALICIOUS } }],
    ["org", { orgName: MALICIOUS }],
    ["requester", { requester: { displayName: MALICIOUS, email: "alice@example.com" } }],
  ])("a malicious %s appears only escaped, in the card and in the markdown", (_label, override) => {
    const built = buildConfirmCard({ ...input, ...override });
    const cardText = JSON.stringify(built.card);
    for (const text of [cardText, built.markdown]) {
      expect(text).not.toContain("**x**");
      expect(text).not.toContain("[click](http://evil)");
      expect(text).not.toContain("<@all>");
    }
    expect(built.markdown).toContain("\\*\\*x\\*\\* \\[click\\]\\(http\\://evil\\) \\<@all\\>");
    // JSON.stringify doubles each backslash.
    expect(cardText).toContain("\\\\*\\\\*x\\\\*\\\\*");
  });
});
