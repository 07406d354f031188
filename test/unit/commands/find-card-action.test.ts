import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCardAction } from "../../../commands/card-action.js";
import { defineCommand } from "../../../commands/command.js";
import { commandList } from "../../../commands/command-list.js";
import { findCardAction, indexCardActions } from "../../../commands/find-card-action.js";

const action = (id: string) =>
  defineCardAction({ id, schema: z.object({}), mutating: false, handle: async () => undefined });
const command = (name: string, actions: ReturnType<typeof action>[]) =>
  defineCommand({
    name,
    summary: name,
    examples: [],
    restricted: true,
    parse: () => undefined,
    run: async () => undefined,
    actions,
  });

describe("the card action registry", () => {
  it("holds every action of every registered command, and nothing else", () => {
    const ids = commandList.flatMap((c) => (c.actions ?? []).map((a) => a.id));
    expect(ids).toContain("callpark.delete.confirm");
    expect(ids).toContain("callpark.list.page");
    for (const id of ids) expect(findCardAction(id)?.id).toBe(id);
    expect(findCardAction("callpark.delete.everything")).toBeUndefined();
  });

  it("refuses two different actions under one id, even in different commands", () => {
    expect(() => indexCardActions([command("a", [action("x.go")]), command("b", [action("x.go")])])).toThrow(
      /two card actions share the id x\.go/,
    );
  });

  it("one action listed by two commands is one entry", () => {
    const shared = action("x.open");
    expect([...indexCardActions([command("a", [shared]), command("b", [shared])]).keys()]).toEqual([
      "x.open",
    ]);
  });
});
