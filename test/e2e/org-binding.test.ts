import { describe, expect, it } from "vitest";
import { type CardTokenPayload, signCardToken } from "../../src/confirm/card-token.js";
import { useHarness } from "./harness.js";
import { decodeTokenPayload, parkDeletes, TOKEN_KEY, tokenOf } from "./support.js";
import { ALICE } from "./test-org.js";

/** A card binds the org it was made for; a bot now managing another org refuses it. */
describe("card tokens bind the org", () => {
  const h = useHarness({ config: (emulator) => ({ orgId: emulator.org.id }) });

  it("refuses a correctly signed card made for another org, and deletes nothing", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    const payload = decodeTokenPayload(tokenOf(card, /Delete/)) as CardTokenPayload;
    // Signed with the deployment's real key: only the org differs.
    const otherOrg = signCardToken({ ...payload, orgId: "ORG-FROM-BEFORE" }, h.app.config.cardSigningKey);
    h.emulator.clearRequests();
    await h.emulator.submitAction({ by: ALICE, messageId: card.id, inputs: { [TOKEN_KEY]: otherOrg } });
    await h.app.idle();
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/another org/);
  });
});
