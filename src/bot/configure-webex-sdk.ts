let configured: string | undefined;

/**
 * Points the framework's Webex SDK at `apiUrl`. The SDK reads HYDRA_SERVICE_URL and
 * U2C_SERVICE_URL once, when its module first loads, so this must run before anything imports
 * webex-node-bot-framework — which is why start-app imports the bot dynamically — and a process
 * cannot switch to another URL later (that would silently keep talking to the first).
 */
export function configureWebexSdk(
  apiUrl: string,
  env: Record<string, string | undefined> = process.env,
): void {
  if (configured !== undefined && configured !== apiUrl) {
    throw new Error("The Webex SDK was already configured for another API URL in this process");
  }
  configured = apiUrl;
  env.HYDRA_SERVICE_URL = apiUrl;
  env.U2C_SERVICE_URL = `${new URL(apiUrl).origin}/u2c/api/v1`;
}
