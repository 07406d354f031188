import type { Clock } from "./clock.js";
import type { Logger } from "./logger.js";
import type { DirectoryApi } from "./webex/create-directory-api.js";
import { isSameOrg } from "./webex/is-same-org.js";
import type { PersonRoles, Role } from "./webex/schemas.js";

/** The Control Hub role that may do everything Park Bot does (GET /roles `name`). */
export const FULL_ADMINISTRATOR = "Full Administrator";

export type AdminRoleDecision =
  | { ok: true }
  /**
   * `heldRoles`: the names of the roles the person does hold (maybe none), for the refusal;
   * `unnamed`: how many more they hold that GET /roles does not name.
   */
  | { ok: false; reason: "not-full-admin"; heldRoles: string[]; unnamed: number }
  /** The person belongs to another org than the one the command acts on. */
  | { ok: false; reason: "other-org" }
  /** Webex failed, or did not show the person's roles: nobody is let through on doubt. */
  | { ok: false; reason: "unverified"; err?: unknown };

export interface AdminRoleCheck {
  /** Whether `personId` holds Full Administrator in `orgId`, from a read at most `ttlMs` old. */
  check(personId: string, orgId: string | undefined): Promise<AdminRoleDecision>;
  /** Role names already read (the start-up check's GET /roles), so no check has to read them. */
  prime(roles: readonly Role[]): void;
}

export interface AdminRoleCheckOptions {
  directory: Pick<DirectoryApi, "readPersonRoles" | "listRoles">;
  clock: Clock;
  /** How long one person's roles are trusted: a revoked admin keeps access at most this long. */
  ttlMs: number;
  logger: Logger;
}

/** Past this many cached people, expired entries are swept on the next read. */
const SWEEP_AT = 500;

/**
 * The admin-role rule: GET /people/{id} with the admin token (its `roles` are role ids and its
 * `orgId` the person's org), role ids named through GET /roles. A person's read is cached for
 * `ttlMs` on the injected clock and shared by concurrent checks; a failed read is never cached,
 * and always refuses (a read in which Webex hides `roles` is cached, and refuses while it is). The role names are read once and again only when a person holds a role id
 * they do not name (a role created since), at most once per `ttlMs`.
 */
export function createAdminRoleCheck(options: AdminRoleCheckOptions): AdminRoleCheck {
  const { directory, clock, ttlMs, logger } = options;
  const people = new Map<string, { readAt: number; person: PersonRoles }>();
  const reading = new Map<string, Promise<PersonRoles>>();
  let roleNames: Map<string, string> | undefined;
  let rolesReadAt = Number.NEGATIVE_INFINITY;
  let readingRoles: Promise<void> | undefined;

  // A clock stepped back must not stretch a cached read past its TTL.
  const fresh = (at: number) => {
    const age = clock.now() - at;
    return age >= 0 && age < ttlMs;
  };

  function prime(roles: readonly Role[]): void {
    roleNames = new Map(roles.map((r) => [r.id, r.name]));
    rolesReadAt = clock.now();
  }

  async function readRoles(): Promise<void> {
    readingRoles ??= directory
      .listRoles()
      .then(prime)
      .finally(() => {
        readingRoles = undefined;
      });
    await readingRoles;
  }

  async function personOf(personId: string): Promise<PersonRoles> {
    const cached = people.get(personId);
    if (cached && fresh(cached.readAt)) return cached.person;
    const pending = reading.get(personId);
    if (pending) return pending;
    const read = directory
      .readPersonRoles(personId)
      .then((person) => {
        if (people.size >= SWEEP_AT)
          for (const [id, entry] of people) if (!fresh(entry.readAt)) people.delete(id);
        people.set(personId, { readAt: clock.now(), person });
        return person;
      })
      .finally(() => reading.delete(personId));
    reading.set(personId, read);
    return read;
  }

  return {
    prime,
    async check(personId, orgId) {
      let person: PersonRoles;
      try {
        person = await personOf(personId);
      } catch (err) {
        return { ok: false, reason: "unverified", err };
      }
      const held = person.roles;
      if (held === undefined) {
        logger.warn({ personId }, "Webex did not show the person's roles to the admin token");
        return { ok: false, reason: "unverified" };
      }
      if (!isSameOrg(person.orgId, orgId)) return { ok: false, reason: "other-org" };
      const unnamed = () => held.filter((id) => !roleNames?.has(id));
      if (unnamed().length > 0 && (roleNames === undefined || !fresh(rolesReadAt))) {
        try {
          await readRoles();
        } catch (err) {
          return { ok: false, reason: "unverified", err };
        }
      }
      const names = held.flatMap((id) => roleNames?.get(id) ?? []);
      if (names.includes(FULL_ADMINISTRATOR)) return { ok: true };
      return {
        ok: false,
        reason: "not-full-admin",
        heldRoles: [...new Set(names)],
        unnamed: unnamed().length,
      };
    },
  };
}
