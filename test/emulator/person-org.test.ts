import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { adminToken, botToken, client } from "./support.js";

const OTHER_ORG_ID = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlci1vcmc";
const OTHER_ADMIN_TOKEN = "other-org-admin-token";

describe("people of another org in the seed", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    const seed = buildDemoOrg();
    seed.people.push({ email: "guest@acme.example", displayName: "Guest Elsewhere", orgId: OTHER_ORG_ID });
    seed.admins.push({
      email: "admin@partner.example",
      displayName: "Partner Admin",
      token: OTHER_ADMIN_TOKEN,
      orgId: OTHER_ORG_ID,
    });
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.close());

  it("GET /people/{id} shows a guest's own orgId, and a member's the emulated org's", async () => {
    const guest = emulator.person("guest@acme.example");
    const member = emulator.people().find((p) => p.emails[0] !== "guest@acme.example" && p.type === "person");
    const api = client(emulator.apiUrl, botToken);
    const guestRes = await api.get(`/people/${guest?.id}`);
    expect(guestRes.status).toBe(200);
    expect((guestRes.body as { orgId: string }).orgId).toBe(OTHER_ORG_ID);
    const memberRes = await api.get(`/people/${member?.id}`);
    expect((memberRes.body as { orgId: string }).orgId).toBe(emulator.org.id);
  });

  it("GET /people/me for an admin of another org shows that org", async () => {
    const me = await client(emulator.apiUrl, OTHER_ADMIN_TOKEN).get("/people/me");
    expect(me.status).toBe(200);
    expect((me.body as { orgId: string }).orgId).toBe(OTHER_ORG_ID);
    const own = await client(emulator.apiUrl, adminToken).get("/people/me");
    expect((own.body as { orgId: string }).orgId).toBe(emulator.org.id);
  });
});
