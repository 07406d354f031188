import { audit } from "./audit.js";
import type { AnyCommand } from "./command.js";
import { deleteParkExtension } from "./delete-park-extension.js";
import { createHelp } from "./help.js";
import { listParkExtensions } from "./list-park-extensions.js";
import { orgs } from "./orgs.js";
import { showParkExtension } from "./show-park-extension.js";

// List before show: `show park ext at HQ` is a listing; `show park ext 1234` is left to show.
const commands: readonly AnyCommand[] = [
  deleteParkExtension,
  listParkExtensions,
  showParkExtension,
  audit,
  orgs,
];

/** Every chat command, in the order they are tried; help last, listing them all. */
export const commandList: readonly AnyCommand[] = [...commands, createHelp(commands)];
