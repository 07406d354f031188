import type { AnyCardAction } from "./card-action.js";
import type { AnyCommand } from "./command.js";
import { commandList } from "./command-list.js";

/**
 * The card actions of `commands`, by id. Two actions under one id would let one command's card
 * run another's handler: that stops the bot at start rather than at the first press.
 */
export function indexCardActions(commands: readonly AnyCommand[]): ReadonlyMap<string, AnyCardAction> {
  const registry = new Map<string, AnyCardAction>();
  for (const command of commands) {
    for (const action of command.actions ?? []) {
      const owner = registry.get(action.id);
      if (owner && owner !== action) throw new Error(`two card actions share the id ${action.id}`);
      registry.set(action.id, action);
    }
  }
  return registry;
}

const registry = indexCardActions(commandList);

/** The card action registered under `id` by one of the commands, if any. */
export function findCardAction(id: string): AnyCardAction | undefined {
  return registry.get(id);
}
