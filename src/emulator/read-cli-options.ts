import { readFile } from "node:fs/promises";
import { buildDemoOrg } from "./demo-org.js";
import { type OrgSeed, orgSeedSchema } from "./org-seed.js";

/** Port and seed for `npm run emulator`: EMULATOR_PORT (default 8090), argv[2] = seed JSON path. */
export async function readCliOptions(
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
): Promise<{ port: number; seed: OrgSeed }> {
  const rawPort = env.EMULATOR_PORT ?? "8090";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`EMULATOR_PORT must be a port number, got "${rawPort}"`);
  const seedPath = argv[2];
  if (!seedPath) return { port, seed: buildDemoOrg() };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(seedPath, "utf8"));
  } catch (error) {
    throw new Error(
      `cannot read seed ${seedPath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = orgSeedSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`seed ${seedPath} is not a valid org seed: ${issues}`);
  }
  return { port, seed: parsed.data };
}
