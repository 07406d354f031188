import { describe, expect, it } from "vitest";
import { stripMention } from "../../../src/bot/strip-mention.js";

const bot = { id: "BOT_ID", displayName: "Park Bot" };
const mention = (label: string, id = "BOT_ID") =>
  `<spark-mention data-object-type="person" data-object-id="${id}">${label}</spark-mention>`;

type Message = Parameters<typeof stripMention>[0];

describe("stripMention", () => {
  it.each<[string, Message, string]>([
    [
      "display-name mention at the start",
      { text: "Park Bot delete park ext 1234 at HQ", mentionedPeople: ["BOT_ID"] },
      "delete park ext 1234 at HQ",
    ],
    [
      "group mention label from html",
      {
        text: "ParkBot-HQ delete park ext 1234 at HQ",
        html: `<p>${mention("ParkBot-HQ")} delete park ext 1234 at HQ</p>`,
        mentionedPeople: ["BOT_ID"],
      },
      "delete park ext 1234 at HQ",
    ],
    [
      "html label with entities",
      {
        text: "Park & Bot delete park ext 1234",
        html: `<p>${mention("Park &amp; Bot")} delete park ext 1234</p>`,
        mentionedPeople: ["BOT_ID"],
      },
      "delete park ext 1234",
    ],
    [
      "html mentions someone else first; the bot's own label is used",
      {
        text: "Alice Park Bot delete park ext 1234",
        html: `<p>${mention("Alice", "ALICE_ID")} ${mention("Park Bot")} delete park ext 1234</p>`,
        mentionedPeople: ["ALICE_ID", "BOT_ID"],
      },
      "Alice delete park ext 1234",
    ],
    [
      "display name fallback when html has no mention of the bot",
      { text: "Park Bot help", html: "<p>Park Bot help</p>", mentionedPeople: ["BOT_ID"] },
      "help",
    ],
    [
      "first-name mention",
      { text: "Park delete park ext 1234 at HQ", mentionedPeople: ["BOT_ID"] },
      "delete park ext 1234 at HQ",
    ],
    ["case-insensitive label", { text: "park bot help", mentionedPeople: ["BOT_ID"] }, "help"],
    ["comma and colon after the mention", { text: "Park Bot, : help", mentionedPeople: ["BOT_ID"] }, "help"],
    [
      "mention in the middle",
      { text: "please Park Bot delete park ext 1234", mentionedPeople: ["BOT_ID"] },
      "please delete park ext 1234",
    ],
    [
      "mention at the end",
      { text: "delete park ext 1234 at HQ Park Bot", mentionedPeople: ["BOT_ID"] },
      "delete park ext 1234 at HQ",
    ],
    [
      "no mention (1:1 space): text unchanged",
      { text: "Park Bot delete park ext 1234" },
      "Park Bot delete park ext 1234",
    ],
    [
      "someone else mentioned: text unchanged",
      { text: "Park Bot delete park ext 1234", mentionedPeople: ["OTHER"] },
      "Park Bot delete park ext 1234",
    ],
    ["no text", { mentionedPeople: ["BOT_ID"] }, ""],
    ["surrounding white space trimmed", { text: "  help  " }, "help"],
    [
      "line breaks kept after the mention is stripped (a command ends at its line's end)",
      { text: "Park Bot delete park ext 1234 at HQ\nthanks!", mentionedPeople: ["BOT_ID"] },
      "delete park ext 1234 at HQ\nthanks!",
    ],
    [
      "mention alone on the first line",
      { text: "Park Bot\ndelete park ext 1234 at HQ", mentionedPeople: ["BOT_ID"] },
      "delete park ext 1234 at HQ",
    ],
    [
      "spaces around a line break collapse, the break stays",
      { text: "Park Bot  delete park ext 1234   at HQ  \r\n  thanks", mentionedPeople: ["BOT_ID"] },
      "delete park ext 1234 at HQ\r\nthanks",
    ],
  ])("%s", (_label, message, expected) => {
    expect(stripMention(message, bot)).toBe(expected);
  });

  it("a shortened label at the end removes the mention, not the same word inside the command", () => {
    const message = {
      text: "delete park ext 1234 at HQ Park",
      html: `<p>delete park ext 1234 at HQ ${mention("Park")}</p>`,
      mentionedPeople: ["BOT_ID"],
    };
    expect(stripMention(message, bot)).toBe("delete park ext 1234 at HQ");
  });
});
