import { audit } from "./audit.js";
import type { AnyCommand } from "./command.js";
import { deleteParkExtension } from "./delete-park-extension.js";
import { createHelp } from "./help.js";

const commands: readonly AnyCommand[] = [deleteParkExtension, audit];

/** Every chat command, in the order they are tried; help last, listing them all. */
export const commandList: readonly AnyCommand[] = [...commands, createHelp(commands)];
