import type { WebexClient } from "./create-webex-client.js";
import {
  type Organization,
  organizationListSchema,
  type PersonRoles,
  personRolesSchema,
  type Role,
  roleListSchema,
} from "./schemas.js";

/** Who holds which Control Hub role: the People and Roles APIs, always with the admin token. */
export interface DirectoryApi {
  /** The person as their org's admin sees them: `orgId` and, when Webex shows them, `roles`. */
  readPersonRoles(personId: string): Promise<PersonRoles>;
  /** Every role's id and display name ("Full Administrator", …). */
  listRoles(): Promise<Role[]>;
  /** The orgs the admin token may manage: its own, and for a partner admin its customers'. */
  listOrganizations(): Promise<Organization[]>;
}

export function createDirectoryApi(admin: WebexClient): DirectoryApi {
  return {
    async readPersonRoles(personId) {
      // GET /people/{personId} — admin token, spark-admin:people_read (roles are shown to admins only)
      const { body } = await admin.send({
        method: "GET",
        path: `/people/${encodeURIComponent(personId)}`,
        schema: personRolesSchema,
      });
      return body;
    },
    async listRoles() {
      // GET /roles — admin token ("Must be called by an admin user"); not paginated
      const { body } = await admin.send({ method: "GET", path: "/roles", schema: roleListSchema });
      return body.items;
    },
    async listOrganizations() {
      // GET /organizations — admin token ("all organizations visible by your account"); not paginated
      const { body } = await admin.send({
        method: "GET",
        path: "/organizations",
        schema: organizationListSchema,
      });
      return body.items;
    },
  };
}
