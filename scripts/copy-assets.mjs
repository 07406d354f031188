// Part of `npm run build`: tsc compiles the playground's TypeScript but does not copy its HTML and
// CSS, so they are put next to the compiled code here, where the server looks for them.
import { cpSync, rmSync } from "node:fs";

const from = new URL("../src/playground/public/", import.meta.url);
const to = new URL("../dist/src/playground/public/", import.meta.url);
// Start clean, so a file deleted from src does not live on in dist.
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
