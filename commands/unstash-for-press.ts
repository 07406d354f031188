import type { z } from "zod";
import { unstash } from "../src/confirm/stash.js";
import type { CardActionContext } from "./card-action.js";

/**
 * What a pressed button's stashed value is (a bulk set, an Undo snapshot), when it is still there
 * and holds `count` items. Otherwise the card is retired (its claim is spent), the person is told
 * why nothing was done, and undefined is returned.
 */
export async function unstashForPress<T>(
  ctx: CardActionContext,
  stashed: { hash: string; count: number; schema: z.ZodType<T[]> },
  words: { unreachable: string; missing: string },
): Promise<T[] | undefined> {
  let value: T[] | undefined;
  try {
    value = await unstash(ctx.services.claims, stashed.hash, stashed.schema);
  } catch (err) {
    ctx.services.logger.warn({ err }, "could not read a button's stashed value from the state store");
    await Promise.all([ctx.retireCard(), ctx.reply(words.unreachable)]);
    return undefined;
  }
  if (value === undefined || value.length !== stashed.count) {
    await Promise.all([ctx.retireCard(), ctx.reply(words.missing)]);
    return undefined;
  }
  return value;
}
