import { beforeEach, describe, expect, it } from "vitest";
import type { BotConfig } from "../../src/config.js";
import { useHarness } from "./harness.js";
import { auditLines, newBotMessages, parkDeletes } from "./support.js";
import { ALICE, testOrg } from "./test-org.js";

/** Someone of another Webex org whose address is at the allowed domain. */
const EVE = "eve@acme.example";
const OTHER_ORG_ID = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlci1vcmc";
const OTHER_ADMIN_TOKEN = "e2e-other-org-admin-token-0001";

function seed() {
  const org = testOrg();
  org.people.push({ email: EVE, displayName: "Eve Elsewhere", orgId: OTHER_ORG_ID });
  org.admins.push({
    email: "admin@other.example",
    displayName: "Other Org Admin",
    token: OTHER_ADMIN_TOKEN,
    orgId: OTHER_ORG_ID,
  });
  for (const room of org.rooms) if (room.title === "Voice Admins") room.members.push(EVE);
  return org;
}

/** The bot acts on one org with its admin token; only people of that org may ask or confirm. */
describe("only people of the org the bot acts on may ask and confirm", () => {
  // Kept by reference: a restart below swaps the admin token, as an operator might.
  const config: Partial<BotConfig> = { allowedEmails: [], allowedDomains: ["acme.example"] };

  const h = useHarness({ seed: seed(), config: () => config });
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.clearRequests();
  });

  it("the emulator renders Eve in her own org", () => {
    expect(h.emulator.person(EVE)?.orgId).toBe(OTHER_ORG_ID);
    expect(h.emulator.person(ALICE)?.orgId).toBe(h.emulator.org.id);
  });

  it("an address at the allowed domain in another org → refused, nothing looked up, audited", async () => {
    const before = h.botMessages("Voice Admins").length;
    await h.say(EVE, "Voice Admins", "delete park ext 1234 at HQ");
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/not a member of the org I manage/);
    expect(replies[0]?.attachments).toBeUndefined();
    expect(h.telephonyCalls()).toHaveLength(0);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      requester: { email: EVE },
      reason: "requester in another org",
    });
  });

  it("the same domain in the bot's own org → a card", async () => {
    const before = h.botMessages("Voice Admins").length;
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    expect(newBotMessages(h, "Voice Admins", before).at(-1)?.attachments).toHaveLength(1);
  });

  // Last: it restarts the bot.
  it("a card pressed after the admin token was swapped for another org's → refused on the click, nothing deleted", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    // WEBEX_ORG_ID is unset, so the acting org is the admin token's own (GET /people/me): now the other org.
    config.admin = { kind: "static", token: OTHER_ADMIN_TOKEN };
    await h.restartApp();
    h.emulator.clearRequests();
    const before = h.botMessages("Voice Admins").length;
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(1);
    // The card names the org it was made for (the acting org then), so it is refused as such,
    // before the clicker's own org is looked at.
    expect(replies[0]?.text).toMatch(/made for another org than the one I manage now/);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      confirmer: { email: ALICE },
      reason: "card for another org",
    });
  });
});
