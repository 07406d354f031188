/**
 * Whether two org ids name the same org. The People API gives the base64url form
 * (`ciscospark://us/ORGANIZATION/<uuid>` encoded), Control Hub shows the bare UUID, and either may
 * be what an admin puts in WEBEX_ORG_ID: compare the UUIDs.
 */
export function isSameOrg(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return orgUuid(a) === orgUuid(b);
}

/** The org's UUID, lower case, from either form (the id itself when it is neither). */
export function orgUuid(id: string): string {
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const match = /^ciscospark:\/\/[a-z0-9]+\/ORGANIZATION\/([0-9a-f-]+)$/i.exec(decoded);
  return (match?.[1] ?? id).trim().toLowerCase();
}
