import { stableUuid, webexId } from "./webex-id.js";

/**
 * The admin roles of Control Hub, as GET /roles lists them. Only "Full Administrator" is
 * confirmed by the spec's examples (next-features Q3); the others' names are this emulator's.
 */
export const ADMIN_ROLE_NAMES = [
  "Full Administrator",
  "Read-only Administrator",
  "User Administrator",
  "Device Administrator",
  "Support Administrator",
] as const;
export type AdminRoleName = (typeof ADMIN_ROLE_NAMES)[number];

export const adminRoles = ADMIN_ROLE_NAMES.map((name) => ({
  id: webexId("ROLE", stableUuid("role", name)),
  name,
}));

export function roleIdOf(name: AdminRoleName): string {
  const role = adminRoles.find((r) => r.name === name);
  if (!role) throw new Error(`emulator: no role ${name}`);
  return role.id;
}
