import { describe, expect, it } from "vitest";
import type { PlaygroundMessage } from "../../../src/playground/build-playground-state.js";
import { messageVersion } from "../../../src/playground/client/message-version.js";

const posted: PlaygroundMessage = {
  id: "m1",
  personId: "bot",
  text: "Deleting 3 call park extensions at HQ: 0 of 3 done…",
  markdown: "Deleting 3 call park extensions at **HQ**: 0 of 3 done…",
  mentionsBot: false,
  created: "2026-01-01T10:00:00.000Z",
};

describe("messageVersion (when the playground redraws a message)", () => {
  it("is the same for the same message, so a refresh keeps its element", () => {
    expect(messageVersion({ ...posted }, false)).toBe(messageVersion(posted, false));
  });

  it("changes with an edit", () => {
    const edited = {
      ...posted,
      text: "Deleting 3 call park extensions at HQ: 1 of 3 done…",
      markdown: "Deleting 3 call park extensions at **HQ**: 1 of 3 done…",
      updated: "2026-01-01T10:00:02.000Z",
    };
    expect(messageVersion(edited, false)).not.toBe(messageVersion(posted, false));
  });

  it("changes with a second edit in the same millisecond as the first", () => {
    const updated = "2026-01-01T10:00:02.000Z";
    const first = { ...posted, text: "…: 3 of 3 done…", markdown: "…: 3 of 3 done…", updated };
    const second = {
      ...posted,
      text: "…: finished — 3 deleted.",
      markdown: "…: finished — 3 deleted.",
      updated,
    };
    expect(messageVersion(second, false)).not.toBe(messageVersion(first, false));
  });

  it("changes when only the markdown does", () => {
    expect(messageVersion({ ...posted, markdown: "**other**" }, false)).not.toBe(
      messageVersion(posted, false),
    );
  });

  it("tells a thread root from a reply", () => {
    expect(messageVersion(posted, true)).not.toBe(messageVersion(posted, false));
  });
});
