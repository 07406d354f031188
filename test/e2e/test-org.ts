import type { OrgSeed } from "../../src/emulator/org-seed.js";

export const BOT_TOKEN = "e2e-bot-token-0001";
export const ADMIN_TOKEN = "e2e-admin-token-0001";
export const ALICE = "alice@acme.example";
export const BOB = "bob@acme.example";
export const MALLORY = "mallory@contractor.example";
/** Allowlisted, but a Read-only Administrator in Control Hub: the admin-role rule refuses her. */
export const RITA = "rita@acme.example";

/** A small org for end-to-end tests; independent of the demo org so either can change alone. */
export function testOrg(): OrgSeed {
  return {
    org: { name: "Acme Test Org" },
    bot: { displayName: "Park Bot", email: "park-bot@webex.bot", token: BOT_TOKEN },
    admins: [{ email: "ada@acme.example", displayName: "Ada Admin", token: ADMIN_TOKEN }],
    people: [
      { email: ALICE, displayName: "Alice Admin", firstName: "Alice", admin: true },
      { email: BOB, displayName: "Bob Builder", firstName: "Bob", admin: true },
      { email: MALLORY, displayName: "Mallory Contractor", firstName: "Mallory" },
      { email: RITA, displayName: "Rita Readonly", firstName: "Rita", roles: ["Read-only Administrator"] },
    ],
    rooms: [
      { title: "Alice 1:1", type: "direct", members: [ALICE, "park-bot@webex.bot"] },
      { title: "Voice Admins", type: "group", members: [ALICE, BOB, MALLORY, RITA, "park-bot@webex.bot"] },
      { title: "Other Room", type: "group", members: [ALICE, BOB, "park-bot@webex.bot"] },
    ],
    locations: [
      {
        name: "HQ",
        callParkExtensions: [
          { extension: "1234", name: "Lobby Park" },
          { extension: "12345", name: "Lobby Park 2" },
          { extension: "1235", name: "Loading Dock" },
        ],
      },
      { name: "HQ Annex", callParkExtensions: [{ extension: "3001", name: "Annex Park" }] },
      { name: "Branch Office", callParkExtensions: [{ extension: "5555", name: "Shared Park" }] },
      {
        name: "Warehouse",
        callParkExtensions: [
          { extension: "5555", name: "Shared Park" },
          ...Array.from({ length: 130 }, (_, i) => ({ extension: String(6000 + i), name: `Dock ${i + 1}` })),
        ],
      },
      { name: "Denver", callParkExtensions: [] },
    ],
  };
}
