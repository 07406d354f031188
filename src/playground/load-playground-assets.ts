import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface PlaygroundAssets {
  /** index.html, styles.css: copied next to the compiled server code by `npm run build`. */
  publicDir: string;
  /** The Adaptive Cards renderer's browser bundle (UMD: defines `window.AdaptiveCards`), from node_modules. */
  adaptiveCardsScript: string;
  /** A compiled browser module by file name ("playground.js"), or undefined when there is none. */
  clientScript(name: string): Promise<string | undefined>;
}

/** Client module names: no slashes or dots beyond the suffix, so a request cannot leave the folder. */
const clientScriptName = /^[a-z][a-z0-9-]*\.js(\.map)?$/;

/**
 * Finds the page's files relative to this module, so the same code serves from `dist/` after
 * `npm run build` and from `src/` under tsx or vitest. From `src/` there is no compiled client,
 * so the TypeScript is transpiled on first request (typescript is a dev dependency, and only a
 * source checkout runs from `src/`).
 */
export function loadPlaygroundAssets(): PlaygroundAssets {
  const publicDir = fileURLToPath(new URL("./public/", import.meta.url));
  const clientDir = fileURLToPath(new URL("./client/", import.meta.url));
  if (!existsSync(`${publicDir}index.html`)) {
    throw new Error(
      `playground: ${publicDir}index.html is missing; run "npm run build" (it copies the page next to the compiled code)`,
    );
  }
  const adaptiveCardsScript = createRequire(import.meta.url).resolve(
    "adaptivecards/dist/adaptivecards.min.js",
  );
  if (!existsSync(adaptiveCardsScript)) {
    throw new Error(`playground: ${adaptiveCardsScript} is missing; run "npm ci"`);
  }

  const transpiled = new Map<string, Promise<string | undefined>>();
  async function transpile(tsPath: string): Promise<string | undefined> {
    const ts = (await import("typescript")).default;
    const source = await readFile(tsPath, "utf8");
    return ts.transpileModule(source, {
      fileName: tsPath,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
    }).outputText;
  }

  return {
    publicDir,
    adaptiveCardsScript,
    async clientScript(name) {
      if (!clientScriptName.test(name)) return undefined;
      const compiled = `${clientDir}${name}`;
      if (existsSync(compiled)) return readFile(compiled, "utf8");
      const source = `${clientDir}${name.replace(/\.js$/, ".ts")}`;
      if (!name.endsWith(".js") || !existsSync(source)) return undefined;
      let result = transpiled.get(name);
      if (!result) {
        result = transpile(source);
        transpiled.set(name, result);
      }
      return result;
    },
  };
}
