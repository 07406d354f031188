import type { CommandContext } from "./command.js";
import type { BulkDeleteIntent, DeleteAllIntent } from "./parse-delete-park-extension.js";

/** A placeholder so the parser can land first; the real runner replaces this file. */
export async function runBulkDelete(
  _intent: BulkDeleteIntent | DeleteAllIntent,
  ctx: CommandContext,
): Promise<void> {
  await ctx.reply("Bulk delete is not built yet.");
}
