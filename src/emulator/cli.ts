import { startEmulator } from "./create-emulator.js";
import { readCliOptions } from "./read-cli-options.js";

async function main(): Promise<void> {
  const { port, seed } = await readCliOptions(process.env, process.argv);
  const emulator = await startEmulator({ seed, port });
  const lines = [
    `Webex emulator for "${seed.org.name}" listening.`,
    `API URL: ${emulator.apiUrl}`,
    "Tokens (emulator-only fakes, accepted nowhere else):",
    `  bot   ${seed.bot.email}: ${seed.bot.token}`,
    ...seed.admins.map((admin) => `  admin ${admin.email}: ${admin.token}`),
    ...(seed.serviceApps ?? []).map(
      (app) =>
        `  service app for ${app.adminEmail}: client_id=${app.clientId} client_secret=${app.clientSecret} refresh_token=${app.refreshToken}`,
    ),
    "Ctrl-C to stop.",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
