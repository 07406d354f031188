// Run by quiet-start.test.ts in a child process of its own, so that test can read what this
// process writes to stderr: a harness start (the real server, framework and SDK against the
// emulator), a request, and a button press whose first fetch fails. Prints one JSON line.
import { startHarness } from "../e2e/harness.js";
import { ALICE } from "../e2e/test-org.js";

const SDK_LINE = "failed to init initial services";

const h = await startHarness();
await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
const card = h.lastCard("Alice 1:1");
// Not retried by the bot's client (a 404), so the framework's fetch of the action fails once;
// the bot's own retry then gets the action and the click is handled.
h.emulator.faults.inject({ method: "GET", path: "/attachment/actions", status: 404, times: 1 });
await h.press(ALICE, card.id, "Cancel");
// The SDK logs its catalog failure a few promise turns after it is ready, which a start does not
// wait for: wait for the line in our logs (without the fix it goes to stderr instead, and the
// parent stops this process when it sees it there).
const routed = () => h.logs.find((l) => l.msg === "webex sdk" && String(l.sdk).includes(SDK_LINE));
while (!routed()) await new Promise((resolve) => setImmediate(resolve));
const result = {
  sdkLine: routed(),
  fetchFailures: h.logs.filter((l) => l.msg === "fetching an attachment action failed").length,
  replies: h.botMessages("Alice 1:1").map((m) => m.text),
};
await h.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
