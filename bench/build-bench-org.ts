import type { OrgSeed } from "../src/emulator/org-seed.js";

export const BENCH_BOT_TOKEN = "bench-bot-token-0001";
export const BENCH_ADMIN_TOKEN = "bench-admin-token-0001";
export const BENCH_BOT_EMAIL = "park-bot@webex.bot";
/** The requester in every flow; allowlisted. */
export const ALICE = "alice@bench.example";
export const DIRECT_ROOM = "Bench 1:1";
/** Where the throughput, latency and memory flows take their extensions from. */
export const POOL_LOCATION = "Bench Pool";
/** Extensions per location in the sized orgs: numbered per location, as multi-site dial plans are. */
export const EXTENSIONS_PER_LOCATION = 10;
export const FIRST_EXTENSION = 2001;
/** Every store's one call park group, holding its first extension: the delete card's impact line. */
export const STORE_GROUP = "Store Group";
/** The pool's call park group holds this extension, which no flow deletes (pool numbers are 6-digit). */
export const POOL_GROUP_EXTENSION = "99999";

/** The bulk phase's location: BULK_FIRST_EXTENSION … + bulkSize - 1, deleted by one bulk command. */
export const BULK_LOCATION = "Warehouse";
export const BULK_FIRST_EXTENSION = 6000;
/** Extensions at the bulk location outside the deleted range (the range must leave them alone). */
export const BULK_SPARES = ["6900", "6901", "6902", "6903", "6904"];
/** The bulk location's call park group: the first BULK_GROUP_MEMBERS of the range and one spare. */
export const BULK_GROUP = "Warehouse Group";
export const BULK_GROUP_MEMBERS = 10;

export function bulkExtension(index: number): string {
  return String(BULK_FIRST_EXTENSION + index);
}

export interface BenchOrgOptions {
  /** Locations named `Store 1` … `Store N`: many names contain others ("Store 1" ⊂ "Store 10"). */
  locations: number;
  /** Call park extensions over all `Store` locations, 10 per location. */
  extensions: number;
  /** Group rooms `Bench Room 1` … (Alice and the bot), one per concurrent flow. */
  groupRooms: number;
  /** Extensions at `Bench Pool` (6-digit, from 100000), consumed by the flows until a reset. */
  poolSize: number;
  /** With it, a location `Warehouse` with this many extensions from 6000, spares and a group (bulk phase). */
  bulkSize?: number;
}

export function roomTitle(index: number): string {
  return `Bench Room ${index + 1}`;
}

export function poolExtension(index: number): string {
  return String(100_000 + index);
}

export function storeName(index: number): string {
  return `Store ${index + 1}`;
}

/**
 * The benchmark org, generated (100 000 extensions are not written out). Stores reuse the same
 * extension numbers (2001…2010), as orgs with per-site dial plans and routing prefixes do, and
 * their names contain one another — the harsh case for Webex's substring filters.
 */
export function buildBenchOrg(options: BenchOrgOptions): OrgSeed {
  const perLocation = Math.max(1, Math.round(options.extensions / Math.max(1, options.locations)));
  const storeExtensions = Array.from({ length: perLocation }, (_, j) => ({
    extension: String(FIRST_EXTENSION + j),
    name: `Park ${j + 1}`,
  }));
  const storeGroups = [{ name: STORE_GROUP, extensions: [String(FIRST_EXTENSION)] }];
  const groupRooms = Array.from({ length: options.groupRooms }, (_, i) => ({
    title: roomTitle(i),
    type: "group" as const,
    members: [ALICE, BENCH_BOT_EMAIL],
  }));
  return {
    org: { name: "Bench Org" },
    bot: { displayName: "Park Bot", email: BENCH_BOT_EMAIL, token: BENCH_BOT_TOKEN },
    admins: [{ email: "ada@bench.example", displayName: "Ada Admin", token: BENCH_ADMIN_TOKEN }],
    people: [{ email: ALICE, displayName: "Alice Admin", admin: true }],
    rooms: [{ title: DIRECT_ROOM, type: "direct", members: [ALICE, BENCH_BOT_EMAIL] }, ...groupRooms],
    locations: [
      ...Array.from({ length: options.locations }, (_, i) => ({
        name: storeName(i),
        // One array shared by every location: the seed is read, never mutated.
        callParkExtensions: storeExtensions,
        callParks: storeGroups,
      })),
      {
        name: POOL_LOCATION,
        callParkExtensions: [
          ...Array.from({ length: options.poolSize }, (_, i) => ({
            extension: poolExtension(i),
            name: `Pool ${i + 1}`,
          })),
          { extension: POOL_GROUP_EXTENSION, name: "Pool attendant" },
        ],
        // Every delete card in the latency, throughput and memory flows reads this group.
        callParks: [{ name: "Pool Group", extensions: [POOL_GROUP_EXTENSION] }],
      },
      ...(options.bulkSize === undefined ? [] : [bulkLocation(options.bulkSize)]),
    ],
  };
}

function bulkLocation(size: number): OrgSeed["locations"][number] {
  const range = Array.from({ length: size }, (_, i) => bulkExtension(i));
  return {
    name: BULK_LOCATION,
    callParkExtensions: [...range, ...BULK_SPARES].map((extension) => ({
      extension,
      name: `Dock ${extension}`,
    })),
    callParks: [
      { name: BULK_GROUP, extensions: [...range.slice(0, BULK_GROUP_MEMBERS), BULK_SPARES[0] ?? ""] },
    ],
  };
}
