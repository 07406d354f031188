import { describe, expect, it } from "vitest";
import { orgs } from "../../../commands/orgs.js";
import { parseOrgs } from "../../../commands/parse-orgs.js";

describe("parseOrgs", () => {
  it.each(["orgs", "org", "ORGS", "list orgs", "orgs and spaces", "orgs spaces", "orgs?", "  orgs.  "])(
    "%j is the orgs command",
    (text) => {
      expect(parseOrgs(text)).toEqual({ ok: true, intent: { kind: "orgs" } });
    },
  );

  it.each(["organizations", "delete park ext 1234", "help", "orgasm", "show orgs"])("%j is not", (text) => {
    expect(parseOrgs(text)).toBeUndefined();
  });

  it.each(["orgs please", "orgs at HQ", "list orgs 5"])("%j is orgs with words it does not take", (text) => {
    expect(parseOrgs(text)).toMatchObject({
      ok: false,
      error: expect.stringContaining("takes nothing after it"),
    });
  });

  it("every help example parses", () => {
    for (const example of orgs.examples) expect(orgs.parse(example)).toMatchObject({ ok: true });
  });
});
