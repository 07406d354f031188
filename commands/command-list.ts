import { audit } from "./audit.js";
import type { AnyCommand } from "./command.js";
import { deleteParkExtension } from "./delete-park-extension.js";
import { help } from "./help.js";

/**
 * Every chat command, in the order they are tried. A function, not a constant, because `help`
 * lists this list and the two modules import each other.
 */
export function commandList(): readonly AnyCommand[] {
  return [deleteParkExtension, audit, help];
}
