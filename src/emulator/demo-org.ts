import type { OrgSeed } from "./org-seed.js";

/**
 * The demo org `npm start` (without a Webex token) and `npm run emulator` serve, and many tests
 * use. Built to exercise what the bot must get right:
 * - "HQ", "HQ Annex", "HQ West": substring matches for "HQ" that are not HQ; 1234 is at HQ only.
 * - 5555 "Shared Park" at Branch Office and Warehouse: one extension, two locations.
 * - Warehouse's 120 "Dock" extensions: lists that need more than one page.
 * - Denver: a location with no call park extensions.
 * - Call park groups: HQ's "Lobby Group" holds 1234 and 1235, HQ's "Overflow Group" holds none,
 *   Branch Office's "Branch Group" holds 5555 (Warehouse's 5555 is in no group): an extension can
 *   be in use at one location and free at another under the same number.
 * - Mallory, a contractor in the admins' space: someone who can press buttons but must not delete.
 * - Rita, a Read-only Administrator, and Bob, who holds no admin role: on the allowlist (acme.example)
 *   but refused by the admin-role rule, since neither could delete a park extension in Control Hub.
 * Tokens are emulator-only fakes.
 */
export function buildDemoOrg(): OrgSeed {
  const docks = Array.from({ length: 120 }, (_, i) => ({
    extension: String(6000 + i),
    name: `Dock ${i + 1}`,
  }));
  return {
    org: { name: "Acme Corp" },
    bot: { displayName: "Park Bot", email: "park-bot@webex.bot", token: "demo-bot-token" },
    admins: [{ email: "ada@acme.example", displayName: "Ada Admin", token: "demo-admin-token" }],
    serviceApps: [
      {
        clientId: "demo-client-id",
        clientSecret: "demo-client-secret",
        refreshToken: "demo-refresh-token",
        adminEmail: "ada@acme.example",
      },
    ],
    people: [
      // Alice is a Control Hub admin (she has the role) who talks to the bot; Ada's token is the bot's.
      { email: "alice@acme.example", displayName: "Alice Admin", admin: true },
      { email: "bob@acme.example", displayName: "Bob Builder" },
      { email: "rita@acme.example", displayName: "Rita Readonly", roles: ["Read-only Administrator"] },
      { email: "mallory@contractor.example", displayName: "Mallory Contractor" },
      { email: "ada@acme.example", displayName: "Ada Admin" },
    ],
    rooms: [
      { title: "Alice", type: "direct", members: ["alice@acme.example", "park-bot@webex.bot"] },
      {
        title: "Voice Admins",
        type: "group",
        members: [
          "alice@acme.example",
          "bob@acme.example",
          "mallory@contractor.example",
          "rita@acme.example",
          "park-bot@webex.bot",
        ],
      },
    ],
    locations: [
      {
        name: "HQ",
        routingPrefix: "8100",
        callParkExtensions: [
          { extension: "1234", name: "Lobby Park" },
          { extension: "1235", name: "Loading Dock" },
          { extension: "2001", name: "Reception" },
        ],
        callParks: [
          { name: "Lobby Group", extensions: ["1234", "1235"] },
          { name: "Overflow Group", extensions: [] },
        ],
      },
      {
        name: "HQ Annex",
        routingPrefix: "8101",
        callParkExtensions: [{ extension: "3001", name: "Annex Park" }],
      },
      {
        name: "HQ West",
        routingPrefix: "8102",
        callParkExtensions: [{ extension: "3101", name: "West Park" }],
      },
      {
        name: "Branch Office",
        routingPrefix: "8200",
        callParkExtensions: [
          { extension: "5555", name: "Shared Park" },
          { extension: "4001", name: "Branch Park" },
        ],
        callParks: [{ name: "Branch Group", extensions: ["5555"] }],
      },
      {
        name: "Warehouse",
        routingPrefix: "8300",
        callParkExtensions: [{ extension: "5555", name: "Shared Park" }, ...docks],
      },
      { name: "Denver", callParkExtensions: [] },
    ],
  };
}
