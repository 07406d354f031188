import { describe, expect, it } from "vitest";
import { describeRequesterRefusal } from "../../../commands/describe-requester-refusal.js";

const typed = { typed: "delete park ext" } as const;
const pressed = { pressed: true } as const;

describe("the sentence for a refused requester", () => {
  it("names the role needed and the roles held, for a typed command and for a press", () => {
    const refusal = {
      ok: false,
      reason: "not-full-admin",
      heldRoles: ["User Administrator", "Device Administrator"],
      unnamed: 0,
    } as const;
    expect(describeRequesterRefusal(refusal, typed)).toEqual({
      rule: "role",
      reason: "not a Full Administrator (holds “User Administrator” and “Device Administrator”)",
      text: "Sorry, `delete park ext` needs the Full Administrator role in Control Hub, and you hold “User Administrator” and “Device Administrator”. Ask a full administrator to do it, or to give you the role.",
    });
    expect(describeRequesterRefusal(refusal, pressed).text).toBe(
      "That button needs the Full Administrator role in Control Hub, and you hold “User Administrator” and “Device Administrator”. So I did nothing. Nothing was deleted.",
    );
  });

  it("says no admin role, and counts roles Webex did not name", () => {
    expect(
      describeRequesterRefusal({ ok: false, reason: "not-full-admin", heldRoles: [], unnamed: 0 }, typed)
        .text,
    ).toContain("and you hold no admin role.");
    expect(
      describeRequesterRefusal({ ok: false, reason: "not-full-admin", heldRoles: [], unnamed: 2 }, typed)
        .text,
    ).toContain("and you hold 2 role(s) Webex did not name.");
  });

  it("tells a location administrator why location admins are not supported", () => {
    const words = describeRequesterRefusal(
      { ok: false, reason: "not-full-admin", heldRoles: ["Location Administrator"], unnamed: 0 },
      typed,
    );
    expect(words.text).toContain("Location administrators are not supported yet");
    expect(words.text).toContain("so I cannot limit one to theirs");
  });

  it("escapes markdown in role names from Webex, but not in the audit reason", () => {
    const words = describeRequesterRefusal(
      { ok: false, reason: "not-full-admin", heldRoles: ["[Boss](https://evil.example)"], unnamed: 0 },
      typed,
    );
    expect(words.text).toContain("“\\[Boss\\]\\(https\\://evil.example\\)”");
    expect(words.reason).toBe("not a Full Administrator (holds “[Boss](https://evil.example)”)");
  });

  it("a role that could not be checked says so and asks to try again", () => {
    expect(describeRequesterRefusal({ ok: false, reason: "role-unverified" }, typed)).toEqual({
      rule: "role",
      reason: "admin role could not be checked",
      text: "Sorry, I couldn't check your Control Hub role with Webex just now, so I won't run `delete park ext` (only a Full Administrator may). Try again in a minute.",
    });
    expect(describeRequesterRefusal({ ok: false, reason: "role-unverified" }, pressed).text).toMatch(
      /so I did nothing \(only a Full Administrator may press this\)\. Nothing was deleted\. Try again in a minute\.$/,
    );
  });

  it("keeps the allowlist and org sentences, with their rules", () => {
    expect(describeRequesterRefusal({ ok: false, reason: "not-allowlisted" }, typed)).toMatchObject({
      rule: "allowlist",
    });
    expect(describeRequesterRefusal({ ok: false, reason: "other-org" }, pressed)).toEqual({
      rule: "org",
      reason: "confirmer in another org",
      text: "You are not a member of the org I manage, so I did nothing. Nothing was deleted.",
    });
  });
});
