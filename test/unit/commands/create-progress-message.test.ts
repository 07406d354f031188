import { describe, expect, it } from "vitest";
import type { Services } from "../../../commands/command.js";
import {
  createProgressMessage,
  PROGRESS_EDIT_INTERVAL_MS,
} from "../../../commands/create-progress-message.js";
import { createLogger } from "../../../src/logger.js";

function fakeServices(options: { failPost?: boolean } = {}) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const edits: string[] = [];
  const posts: string[] = [];
  const services = {
    clock,
    logger: createLogger("silent"),
    messaging: {
      post: async (m: { markdown: string }) => {
        if (options.failPost) throw new Error("post failed");
        posts.push(m.markdown);
        return { id: "progress-1" };
      },
      edit: async (_id: string, _room: string, markdown: string) => {
        edits.push(markdown);
      },
    },
  } as unknown as Services;
  return { services, clock, edits, posts };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("createProgressMessage", () => {
  it("posts the first text in the thread, then edits at most once per interval", async () => {
    const { services, clock, edits, posts } = fakeServices();
    const progress = createProgressMessage(services, { roomId: "r", threadId: "t" }, "0 of 9 done");
    await progress.posted;
    expect(posts).toEqual(["0 of 9 done"]);
    progress.update("1 of 9 done");
    expect(edits).toEqual([]);
    clock.t += PROGRESS_EDIT_INTERVAL_MS;
    progress.update("2 of 9 done");
    progress.update("3 of 9 done");
    await settle();
    expect(edits).toEqual(["2 of 9 done"]);
    clock.t += PROGRESS_EDIT_INTERVAL_MS;
    progress.update("4 of 9 done");
    await settle();
    expect(edits).toEqual(["2 of 9 done", "4 of 9 done"]);
  });

  it("keeps Webex's 10 edits per message: the last one is always for finish", async () => {
    const { services, clock, edits } = fakeServices();
    const progress = createProgressMessage(services, { roomId: "r", threadId: "t" }, "start");
    await progress.posted;
    for (let i = 1; i <= 20; i++) {
      clock.t += PROGRESS_EDIT_INTERVAL_MS;
      progress.update(`${i} done`);
      await settle();
    }
    expect(edits).toHaveLength(9);
    await progress.finish("finished");
    expect(edits).toHaveLength(10);
    expect(edits.at(-1)).toBe("finished");
  });

  it("an update before the message is posted edits nothing; the message is posted with the first text", async () => {
    const { services, clock, edits, posts } = fakeServices();
    const progress = createProgressMessage(services, { roomId: "r", threadId: "t" }, "start");
    clock.t += PROGRESS_EDIT_INTERVAL_MS;
    progress.update("1 done");
    await progress.posted;
    expect(posts).toEqual(["start"]);
    expect(edits).toEqual([]);
    await progress.finish("finished");
    expect(edits).toEqual(["finished"]);
  });

  it("finish edits whatever the interval, and nothing edits after it", async () => {
    const { services, clock, edits } = fakeServices();
    const progress = createProgressMessage(services, { roomId: "r", threadId: "t" }, "start");
    await progress.posted;
    await progress.finish("finished");
    clock.t += PROGRESS_EDIT_INTERVAL_MS;
    progress.update("late");
    await settle();
    expect(edits).toEqual(["finished"]);
  });

  it("a failed post leaves a progress that does nothing, so the batch goes on", async () => {
    const { services, clock, edits } = fakeServices({ failPost: true });
    const progress = createProgressMessage(services, { roomId: "r", threadId: "t" }, "start");
    await progress.posted;
    clock.t += PROGRESS_EDIT_INTERVAL_MS;
    progress.update("1 done");
    await progress.finish("finished");
    expect(edits).toEqual([]);
  });
});
