import { describe, expect, it } from "vitest";
import { createAllowlist } from "../../src/allowlist.js";

describe("createAllowlist", () => {
  it.each<[string, string[], string[], string, boolean]>([
    ["listed email", ["alice@example.com"], [], "alice@example.com", true],
    ["listed email, other case", ["Alice@Example.com"], [], "ALICE@example.COM", true],
    ["listed email, surrounding spaces", [" alice@example.com "], [], "  alice@example.com ", true],
    ["unlisted email", ["alice@example.com"], [], "bob@example.com", false],
    ["domain without @", [], ["example.com"], "bob@example.com", true],
    ["domain with @", [], ["@example.com"], "bob@example.com", true],
    ["domain, other case", [], ["EXAMPLE.com"], "Bob@example.COM", true],
    ["subdomain is not the domain", [], ["example.com"], "bob@sub.example.com", false],
    ["parent domain is not the subdomain", [], ["sub.example.com"], "bob@example.com", false],
    ["domain suffix is not the domain", [], ["example.com"], "bob@evilexample.com", false],
    ["email list does not imply its domain", ["alice@example.com"], [], "bob@example.com", false],
    ["empty lists allow no one", [], [], "alice@example.com", false],
    ["blank entries allow no one", ["", "  "], ["", " @ "], "alice@example.com", false],
    ["blank entries do not match an empty email", [""], [""], "", false],
    ["malformed: no @", ["alice"], ["example.com"], "alice", false],
    ["malformed: nothing before @", [], ["example.com"], "@example.com", false],
    ["malformed: nothing after @", [], ["example.com"], "alice@", false],
    ["malformed: two @", [], ["example.com"], "mallory@evil.com@example.com", false],
    ["malformed: empty", [], ["example.com"], "", false],
  ])("%s", (_label, emails, domains, email, expected) => {
    expect(createAllowlist(emails, domains).isAllowed(email)).toBe(expected);
  });
});
