import type { OrgRecord } from "./create-org-store.js";
import type { ParsedOrgSeed } from "./org-seed.js";
import { stableUuid, webexId } from "./webex-id.js";

export type CustomerOrgSeed = NonNullable<ParsedOrgSeed["customerOrgs"]>[number];

/**
 * Each customer org's record beside its seed. Its id is the seed's or, like the main org's, derived
 * from its name; an id or name another org has is a seed error (views and seed errors name orgs).
 */
export function customerOrgsOf(
  seeded: readonly CustomerOrgSeed[],
  main: OrgRecord,
): { org: OrgRecord; seed: CustomerOrgSeed }[] {
  const taken = [main];
  return seeded.map((customer) => {
    const id = customer.id ?? webexId("ORGANIZATION", stableUuid("org", customer.name));
    const clash = taken.find((o) => o.id === id || o.name === customer.name);
    if (clash)
      throw new Error(
        `seed: customer org "${customer.name}" has the ${clash.id === id ? "id" : "name"} of org "${clash.name}"`,
      );
    const record: OrgRecord = { id, name: customer.name };
    taken.push(record);
    return { org: record, seed: customer };
  });
}
