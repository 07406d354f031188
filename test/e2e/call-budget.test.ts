import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";
import { callParkLists } from "./support.js";
import { ALICE, BOB, testOrg } from "./test-org.js";

const SHARED = "7777";
const SHARED_AT = 8;

/** The Webex calls a request and a click cost once a space is known: the budget the benchmark also checks. */
describe("Webex calls per command", () => {
  let h: Harness;
  const calls = () =>
    h.emulator.requests.map(
      (r) => `${r.method} ${r.path.replace(/\/[A-Za-z0-9_-]{40,}/g, "/{id}")} ${r.auth}`,
    );

  beforeAll(async () => {
    const seed = testOrg();
    for (let i = 1; i <= SHARED_AT; i++) {
      seed.locations.push({
        name: `Site ${i}`,
        callParkExtensions: [{ extension: SHARED, name: `Shared ${i}` }],
      });
    }
    h = await startHarness({ seed, emulator: { pageSizeCap: 2 } });
    await h.say(ALICE, "Voice Admins", "help"); // the framework's first event in a space also spawns its room object
  });
  afterAll(async () => {
    await h?.close();
  });

  it("message → card: the message and its author fetched together, one lookup, one post", async () => {
    h.emulator.clearRequests();
    // Bob has not spoken yet: his person is not cached.
    await h.say(BOB, "Voice Admins", "delete park ext 1235 at HQ");
    expect(calls().sort()).toEqual(
      [
        "GET /messages/{id} bot",
        "GET /people/{id} bot",
        // His Control Hub roles (the admin-role rule), cached from here on for ROLE_CACHE_SECONDS.
        "GET /people/{id} admin",
        "GET /telephony/config/callParkExtensions admin",
        // The call park groups that hold it, for the card's "used by" line: the location's list,
        // then one read per group (this org has none).
        "GET /telephony/config/locations/{id}/callParks admin",
        "POST /messages bot",
      ].sort(),
    );
  });

  it("click → result: the person is not fetched again; retire, re-read and delete, report", async () => {
    const card = h.lastCard("Voice Admins");
    h.emulator.clearRequests();
    await h.press(BOB, card.id, 0);
    expect(calls().sort()).toEqual(
      [
        "GET /attachment/actions/{id} bot",
        "DELETE /messages/{id} bot",
        // The extension read by id, so that what is deleted is what the card showed.
        "GET /telephony/config/locations/{id}/callParkExtensions/{id} admin",
        "DELETE /telephony/config/locations/{id}/callParkExtensions/{id} admin",
        "POST /messages bot",
      ].sort(),
    );
  });

  it("an extension at more locations than fit on a card: reading stops once that is known", async () => {
    h.emulator.clearRequests();
    await h.say(ALICE, "Voice Admins", `delete park ext ${SHARED}`);
    // Pages of 2: the sixth exact match is on page 3 of 4; page 4 is never read.
    expect(callParkLists(h)).toHaveLength(3);
    expect(h.botMessages("Voice Admins").at(-1)?.text).toMatch(/matches more than 5 call park extensions/);
  });
});
