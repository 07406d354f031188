import type { AnyCardAction } from "./card-action.js";
import { commandList } from "./command-list.js";

const registry = new Map<string, AnyCardAction>();
for (const command of commandList) {
  for (const action of command.actions ?? []) {
    // Two buttons answering to one id would let one command's card run another's handler.
    if (registry.has(action.id)) throw new Error(`two card actions share the id ${action.id}`);
    registry.set(action.id, action);
  }
}

/** The card action registered under `id` by one of the commands, if any. */
export function findCardAction(id: string): AnyCardAction | undefined {
  return registry.get(id);
}
