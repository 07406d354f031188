/** Who may ask the bot to change telephony configuration. */
export interface Allowlist {
  isAllowed(email: string): boolean;
}

/** Exact emails and whole domains, compared case-insensitively. An empty list allows no one. */
export function createAllowlist(emails: readonly string[], domains: readonly string[]): Allowlist {
  const emailSet = new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean));
  const domainSet = new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean));
  return {
    isAllowed: (email) => {
      const normalized = email.trim().toLowerCase();
      const at = normalized.indexOf("@");
      // Exactly one "@" with something on both sides; anything else is not an address we trust.
      if (at <= 0 || at !== normalized.lastIndexOf("@") || at === normalized.length - 1) return false;
      return emailSet.has(normalized) || domainSet.has(normalized.slice(at + 1));
    },
  };
}
