import { describe, expect, it } from "vitest";
import {
  buildChooseLocationCard,
  type ChooseLocationInput,
} from "../../../../commands/cards/build-choose-location-card.js";
import type { ParkTarget } from "../../../../commands/park-target.js";
import { TOKEN_INPUT } from "../../../../src/cards/adaptive-card.js";

const target = (locationName: string, name = "Lobby Park"): ParkTarget => ({
  callParkExtensionId: `CPE_${locationName}`,
  locationId: `LOC_${locationName}`,
  locationName,
  extension: "5555",
  name,
});

interface Action {
  type: string;
  title: string;
  data: Record<string, unknown>;
}

const choices = (names: string[]): ChooseLocationInput["choices"] =>
  names.map((n, i) => ({ target: target(n), token: `v1.token-${i}.sig` }));

describe("buildChooseLocationCard", () => {
  it.each([
    [["HQ", "Denver"]],
    [["HQ", "Denver", "Austin"]],
    [["HQ", "Denver", "Austin", "Boston", "Chicago"]],
  ])("one Action.Submit per choice, each holding only its token: %j", (names) => {
    const { card, markdown } = buildChooseLocationCard({
      asked: "5555",
      choices: choices(names),
      expiresAt: 0,
      now: 0,
    });
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.3" });
    const actions = card.actions as Action[];
    expect(actions).toHaveLength(names.length);
    expect(actions.map((a) => a.type)).toEqual(names.map(() => "Action.Submit"));
    expect(actions.map((a) => a.data)).toEqual(names.map((_, i) => ({ [TOKEN_INPUT]: `v1.token-${i}.sig` })));
    expect(actions.map((a) => a.title)).toEqual(names.map((n, i) => `${i + 1}. ${n} (5555)`));
    expect(markdown).toContain(`exists at ${names.length} locations`);
    for (const n of names) expect(markdown).toContain(`5555 (Lobby Park) at ${n}`);
  });

  it("shows the expiry", () => {
    const { card } = buildChooseLocationCard({
      asked: "5555",
      choices: choices(["HQ", "Denver"]),
      expiresAt: Date.UTC(2024, 0, 15, 9, 30),
      now: Date.UTC(2024, 0, 15, 9, 25),
    });
    expect(JSON.stringify(card.body)).toContain("Expires 09:30 UTC.");
  });

  it("the body lists every choice in full, numbered as its button, not only in button titles", () => {
    const long = "Headquarters Annex West Wing Building Seven, Floor Twelve North";
    const { card } = buildChooseLocationCard({
      asked: "5555",
      choices: [
        { target: target(long, "Lobby Park"), token: "t1" },
        { target: target("Denver", "Dock Park"), token: "t2" },
      ],
      expiresAt: 0,
      now: 0,
    });
    const body = card.body as { type: string; text?: string }[];
    const texts = body.filter((e) => e.type === "TextBlock").map((e) => e.text ?? "");
    expect(texts).toContain(`1. **${long}**: 5555 (Lobby Park)`);
    expect(texts).toContain("2. **Denver**: 5555 (Dock Park)");
    const actions = card.actions as Action[];
    expect(actions[0]?.title.length).toBeLessThanOrEqual(60);
    expect(actions[0]?.title.startsWith("1. ")).toBe(true);
    expect(actions[1]?.title).toBe("2. Denver (5555)");
  });

  it("a malicious name or question appears only escaped, in the card body and the markdown", () => {
    const MALICIOUS = "**x** [click](http://evil) <@all>";
    const { card, markdown } = buildChooseLocationCard({
      asked: MALICIOUS,
      choices: [
        { target: target("HQ", MALICIOUS), token: "t1" },
        { target: target("Denver", MALICIOUS), token: "t2" },
      ],
      expiresAt: 0,
      now: 0,
    });
    for (const text of [JSON.stringify(card.body), markdown]) {
      expect(text).not.toContain("**x**");
      expect(text).not.toContain("[click](http://evil)");
      expect(text).not.toContain("<@all>");
    }
    expect(markdown).toContain("\\*\\*x\\*\\*");
  });
});
