import { randomUUID } from "node:crypto";
import { type AdminRoleName, roleIdOf } from "./admin-roles.js";
import { customerOrgsOf } from "./customer-orgs-of.js";
import { type LocationSeed, type OrgSeed, orgSeedSchema } from "./org-seed.js";
import { decodeWebexId, stableUuid, webexId } from "./webex-id.js";

export type PersonRecord = {
  id: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  type: "person" | "bot";
  created: string;
  /** Role IDs; only admins of the org are shown them (People API). */
  roles: string[];
  /** Set for a person of another org (a customer org's, a guest's); otherwise the main org's. */
  orgId?: string;
};

/** An org the emulator holds data for: the main (partner) org or one of its customer orgs. */
export type OrgRecord = { id: string; name: string };

export type RoomRecord = {
  id: string;
  title: string;
  type: "direct" | "group";
  creatorId: string;
  created: string;
  lastActivity: string;
};

export type MembershipRecord = { id: string; roomId: string; personId: string; created: string };

export type AdaptiveCardAttachment = { contentType: string; content: Record<string, unknown> };

export type MessageRecord = {
  id: string;
  roomId: string;
  personId: string;
  parentId?: string;
  text: string;
  markdown?: string;
  html?: string;
  files?: string[];
  attachments?: AdaptiveCardAttachment[];
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  created: string;
  updated?: string;
  /** How many times it was edited; Webex allows 10. */
  edits: number;
};

export type AttachmentActionRecord = {
  id: string;
  type: "submit";
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
  /** Who posted the card; kept so the author can still read the action after deleting the card. */
  cardAuthorId: string;
};

export type WebhookRecord = {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: "active" | "inactive";
  created: string;
  ownerId: string;
  appId: string;
};

// Telephony records carry their org: one map holds every org's, and each request sees its target
// org's only (IDs differ across orgs; names and extension numbers may repeat).
export type LocationRecord = {
  id: string;
  orgId: string;
  name: string;
  routingPrefix?: string;
  phoneNumber: string;
};

export type CallParkExtensionRecord = {
  id: string;
  orgId: string;
  locationId: string;
  extension: string;
  name: string;
};

/** A call park group; its members are call park extensions of the same location, by ID. */
export type CallParkRecord = {
  id: string;
  orgId: string;
  locationId: string;
  name: string;
  callParkExtensionIds: string[];
  /** People of the location's org, by ID (the emulator has no workspaces or virtual lines). */
  agentIds: string[];
  parkOnAgentsEnabled: boolean;
};

/**
 * The emulated orgs' data and its lookups: the main org, and the customer orgs its admins manage
 * as partner administrators. Plain maps in insertion order: lists come back in the order things
 * were created, as Webex does when no `order` is given.
 */
export type OrgStore = ReturnType<typeof createOrgStore>;

export function createOrgStore(seedInput: OrgSeed, now: () => number) {
  const seed = orgSeedSchema.parse(seedInput);
  const orgUuid = stableUuid("org", seed.org.name);
  const org: OrgRecord = { id: seed.org.id ?? webexId("ORGANIZATION", orgUuid), name: seed.org.name };
  const customers = customerOrgsOf(seed.customerOrgs ?? [], org);
  const customerOrgs: readonly OrgRecord[] = customers.map((customer) => customer.org);
  const orgs: readonly OrgRecord[] = [org, ...customerOrgs];
  // Seeded IDs derive from their org's id, so two orgs' "HQ" (or person) never share an ID.
  const keyIn = (orgId: string, ...parts: string[]) => stableUuid(orgId, ...parts);
  const key = (...parts: string[]) => keyIn(org.id, ...parts);

  const people = new Map<string, PersonRecord>();
  const rooms = new Map<string, RoomRecord>();
  const memberships = new Map<string, MembershipRecord>();
  const messages = new Map<string, MessageRecord>();
  const attachmentActions = new Map<string, AttachmentActionRecord>();
  const webhooks = new Map<string, WebhookRecord>();
  const locations = new Map<string, LocationRecord>();
  const callParkExtensions = new Map<string, CallParkExtensionRecord>();
  const callParks = new Map<string, CallParkRecord>();
  /** The main org's seeded admins: partner administrators of every customer org. */
  const partnerAdminIds = new Set<string>();
  let botId = "";

  const iso = () => new Date(now()).toISOString();

  function personByEmail(email: string): PersonRecord | undefined {
    const wanted = email.trim().toLowerCase();
    for (const person of people.values()) if (person.email === wanted) return person;
    return undefined;
  }

  function addPerson(
    input: { email: string; displayName: string; firstName?: string; lastName?: string; orgId?: string },
    type: PersonRecord["type"],
    roles: string[],
    idKey: (...parts: string[]) => string = key,
  ): PersonRecord {
    const email = input.email.trim().toLowerCase();
    const existing = personByEmail(email);
    if (existing) {
      if (existing.orgId !== input.orgId) {
        const orgName = (id: string | undefined) => orgs.find((o) => o.id === (id ?? org.id))?.name ?? id;
        throw new Error(
          `seed: ${email} is in org "${orgName(existing.orgId)}" and in org "${orgName(input.orgId)}"; a person belongs to one org`,
        );
      }
      // Admins may also be listed under people; one person, the admin's roles kept.
      existing.roles = [...new Set([...existing.roles, ...roles])];
      return existing;
    }
    const [first = input.displayName, ...rest] = input.displayName.split(" ");
    const person: PersonRecord = {
      id: webexId("PEOPLE", idKey("person", email)),
      email,
      displayName: input.displayName,
      firstName: input.firstName ?? first,
      lastName: input.lastName ?? rest.join(" "),
      type,
      created: iso(),
      roles,
      ...(input.orgId ? { orgId: input.orgId } : {}),
    };
    people.set(person.id, person);
    return person;
  }

  function membershipId(roomId: string, personId: string): string {
    // Real membership IDs decode to MEMBERSHIP/<person uuid>:<room uuid>.
    const person = decodeWebexId(personId)?.uuid ?? personId;
    const room = decodeWebexId(roomId)?.uuid ?? roomId;
    return webexId("MEMBERSHIP", `${person}:${room}`);
  }

  function addMembership(roomId: string, personId: string): MembershipRecord {
    const membership = { id: membershipId(roomId, personId), roomId, personId, created: iso() };
    memberships.set(membership.id, membership);
    return membership;
  }

  function addRoom(
    title: string,
    type: RoomRecord["type"],
    memberIds: string[],
    uuid: string = randomUUID(),
  ): RoomRecord {
    const created = iso();
    const room: RoomRecord = {
      id: webexId("ROOM", uuid),
      title,
      type,
      creatorId: memberIds[0] ?? botId,
      created,
      lastActivity: created,
    };
    rooms.set(room.id, room);
    for (const personId of memberIds) addMembership(room.id, personId);
    return room;
  }

  /** Adds an extension to a location, in the location's org. */
  function addCallParkExtension(
    locationId: string,
    extension: string,
    name: string,
    uuid: string = randomUUID(),
  ): CallParkExtensionRecord {
    const location = locations.get(locationId);
    if (!location) throw new Error(`emulator: no location ${locationId}`);
    const record = {
      id: webexId("CALL_PARK_EXTENSION", uuid),
      orgId: location.orgId,
      locationId,
      extension,
      name,
    };
    callParkExtensions.set(record.id, record);
    return record;
  }

  /**
   * Removes the extension and takes it out of every call park that lists it. What Webex does to a
   * call park whose member is deleted is UNCONFIRMED (next-features Q2d); the emulator must never
   * show a deleted extension as a member, so it drops it.
   */
  function deleteCallParkExtension(id: string): void {
    callParkExtensions.delete(id);
    for (const callPark of callParks.values())
      callPark.callParkExtensionIds = callPark.callParkExtensionIds.filter((member) => member !== id);
  }

  /**
   * A call park's ID, derived from its location and name. In Webex "The Call Park ID will change
   * upon modification of the Call Park name" (features-call-park.yml, PUT /callParks/{id}); its
   * IDs decode to CALL_PARK/<base64 of the name>. The emulator derives a stable UUID from the org,
   * location and name instead, so a seeded call park keeps its ID across a reset, a renamed one gets
   * a new ID that is the same on every run, and two locations' same-named call parks differ.
   */
  function callParkIdOf(location: LocationRecord, name: string): string {
    return webexId("CALL_PARK", keyIn(location.orgId, "callPark", location.name, name));
  }

  function addCallPark(
    location: LocationRecord,
    fields: Pick<CallParkRecord, "name" | "callParkExtensionIds" | "agentIds" | "parkOnAgentsEnabled">,
  ): CallParkRecord {
    const record: CallParkRecord = {
      id: callParkIdOf(location, fields.name),
      orgId: location.orgId,
      locationId: location.id,
      ...fields,
    };
    callParks.set(record.id, record);
    return record;
  }

  /** Renames a call park: it gets the ID of its new name and keeps everything else. */
  function renameCallPark(record: CallParkRecord, name: string): CallParkRecord {
    const location = locations.get(record.locationId);
    if (!location) throw new Error(`emulator: no location ${record.locationId}`);
    callParks.delete(record.id);
    record.name = name;
    record.id = callParkIdOf(location, name);
    callParks.set(record.id, record);
    return record;
  }

  /** Empties everything and rebuilds the seed; seeded IDs come out the same every time. */
  function load(options: { keepWebhooks?: boolean } = {}): void {
    const keptWebhooks = options.keepWebhooks ? [...webhooks.values()] : [];
    for (const map of [
      people,
      rooms,
      memberships,
      messages,
      attachmentActions,
      webhooks,
      locations,
      callParkExtensions,
      callParks,
    ])
      map.clear();
    partnerAdminIds.clear();

    const bot = addPerson(seed.bot, "bot", []);
    botId = bot.id;
    for (const admin of seed.admins) {
      const person = addPerson(admin, "person", adminRoleIds(admin));
      if ((admin.orgId ?? org.id) === org.id) partnerAdminIds.add(person.id);
    }
    for (const person of seed.people) addPerson(person, "person", personRoleIds(person));
    for (const { org: home, seed: customer } of customers) {
      const idKey = (...parts: string[]) => keyIn(home.id, ...parts);
      for (const admin of customer.admins ?? [])
        addPerson({ ...admin, orgId: home.id }, "person", adminRoleIds(admin), idKey);
      for (const person of customer.people ?? [])
        addPerson({ ...person, orgId: home.id }, "person", personRoleIds(person), idKey);
    }

    for (const room of seed.rooms) {
      const memberIds = room.members.map((email) => {
        const person = personByEmail(email);
        if (!person)
          throw new Error(
            `seed: room "${room.title}" lists ${email}, who is not in bot, admins, people or a customer org`,
          );
        return person.id;
      });
      if (new Set(memberIds).size !== memberIds.length)
        throw new Error(`seed: room "${room.title}" lists a member twice`);
      if (room.type === "direct" && memberIds.length !== 2)
        throw new Error(`seed: direct room "${room.title}" needs exactly 2 members`);
      if (findRoomByTitle(room.title)) throw new Error(`seed: two rooms are titled "${room.title}"`);
      addRoom(room.title, room.type, memberIds, key("room", room.title));
    }

    addSeededLocations(org, seed.locations, "seed", "+1408555");
    customers.forEach(({ org: home, seed: customer }, index) => {
      // Another area code per customer org: phone numbers are unique across orgs, as in Webex.
      addSeededLocations(
        home,
        customer.locations,
        `seed: customer org "${home.name}"`,
        `+1${201 + index}555`,
      );
    });

    for (const webhook of keptWebhooks) if (people.has(webhook.ownerId)) webhooks.set(webhook.id, webhook);
  }

  /** `where` starts every seed error ("seed", or "seed: customer org …"), so it names the org. */
  function addSeededLocations(
    home: OrgRecord,
    seeded: readonly LocationSeed[],
    where: string,
    phonePrefix: string,
  ): void {
    const idKey = (...parts: string[]) => keyIn(home.id, ...parts);
    const names = new Set<string>();
    seeded.forEach((location, index) => {
      if (names.has(location.name)) throw new Error(`${where}: two locations are named "${location.name}"`);
      names.add(location.name);
      const record: LocationRecord = {
        id: webexId("LOCATION", idKey("location", location.name)),
        orgId: home.id,
        name: location.name,
        phoneNumber: `${phonePrefix}${String(1000 + index).padStart(4, "0")}`,
      };
      if (location.routingPrefix !== undefined) record.routingPrefix = location.routingPrefix;
      locations.set(record.id, record);
      // Indexed per location: the bench seeds 10 000 locations, and a scan per group is quadratic.
      const idByExtension = new Map<string, string>();
      for (const cpe of location.callParkExtensions) {
        if (idByExtension.has(cpe.extension))
          throw new Error(`${where}: extension ${cpe.extension} appears twice at "${location.name}"`);
        const added = addCallParkExtension(
          record.id,
          cpe.extension,
          cpe.name,
          idKey("cpe", location.name, cpe.extension),
        );
        idByExtension.set(cpe.extension, added.id);
      }
      const groupNames = new Set<string>();
      for (const callPark of location.callParks ?? []) {
        if (groupNames.has(callPark.name))
          throw new Error(`${where}: two call parks at "${location.name}" are named "${callPark.name}"`);
        groupNames.add(callPark.name);
        addSeededCallPark(record, callPark, idByExtension, where);
      }
    });
  }

  function addSeededCallPark(
    location: LocationRecord,
    callPark: { name: string; extensions: string[] },
    idByExtension: ReadonlyMap<string, string>,
    seedWhere: string,
  ): void {
    const where = `${seedWhere}: call park "${callPark.name}" at "${location.name}"`;
    if (new Set(callPark.extensions).size !== callPark.extensions.length)
      throw new Error(`${where} lists an extension twice`);
    const memberIds = callPark.extensions.map((extension) => {
      const id = idByExtension.get(extension);
      if (id === undefined)
        throw new Error(`${where} lists ${extension}, which is not a call park extension of that location`);
      return id;
    });
    addCallPark(location, {
      name: callPark.name,
      callParkExtensionIds: memberIds,
      agentIds: [],
      parkOnAgentsEnabled: false,
    });
  }

  function findRoomByTitle(title: string): RoomRecord | undefined {
    for (const room of rooms.values()) if (room.title === title) return room;
    return undefined;
  }

  function findLocationByName(orgId: string, name: string): LocationRecord | undefined {
    for (const location of locations.values())
      if (location.orgId === orgId && location.name === name) return location;
    return undefined;
  }

  function locationsOf(orgId: string): LocationRecord[] {
    return [...locations.values()].filter((location) => location.orgId === orgId);
  }

  function callParkExtensionsOf(orgId: string): CallParkExtensionRecord[] {
    return [...callParkExtensions.values()].filter((cpe) => cpe.orgId === orgId);
  }

  /** The org a person belongs to: their own `orgId`, else the main org. */
  function orgIdOf(person: PersonRecord): string {
    return person.orgId ?? org.id;
  }

  function membersOf(roomId: string): MembershipRecord[] {
    return [...memberships.values()].filter((m) => m.roomId === roomId);
  }

  function isMember(roomId: string, personId: string): boolean {
    return memberships.has(membershipId(roomId, personId));
  }

  /** The 1:1 room of two people, created the way Webex does when the first message is sent. */
  function directRoom(a: PersonRecord, b: PersonRecord): RoomRecord {
    for (const room of rooms.values()) {
      if (room.type === "direct" && isMember(room.id, a.id) && isMember(room.id, b.id)) return room;
    }
    return addRoom(b.displayName, "direct", [a.id, b.id]);
  }

  load();

  return {
    seed,
    /** The main org: the partner's. */
    org,
    customerOrgs,
    /** The main org first, then the customer orgs in seed order. */
    orgs,
    orgById: (id: string) => orgs.find((o) => o.id === id),
    orgByName: (name: string) => orgs.find((o) => o.name === name),
    /** Whether this person administers every customer org as a partner (a main-org seed admin). */
    isPartnerAdmin: (personId: string) => partnerAdminIds.has(personId),
    orgIdOf,
    people,
    rooms,
    memberships,
    messages,
    attachmentActions,
    webhooks,
    locations,
    callParkExtensions,
    callParks,
    load,
    iso,
    get bot(): PersonRecord {
      const bot = people.get(botId);
      if (!bot) throw new Error("emulator: the bot person is missing");
      return bot;
    },
    personByEmail,
    /** Replaces a person's admin roles (a role granted or revoked in Control Hub). */
    setRoles(email: string, roles: readonly AdminRoleName[]): void {
      const person = personByEmail(email);
      if (!person) throw new Error(`emulator: no person ${email}`);
      person.roles = roles.map(roleIdOf);
    },
    findRoomByTitle,
    findLocationByName,
    locationsOf,
    callParkExtensionsOf,
    membersOf,
    isMember,
    membershipId,
    directRoom,
    addCallParkExtension,
    deleteCallParkExtension,
    callParkIdOf,
    addCallPark,
    renameCallPark,
    /** Messages of a room, oldest first. */
    messagesOf(roomId: string): MessageRecord[] {
      return [...messages.values()].filter((m) => m.roomId === roomId);
    },
  };
}

type SeedAdmin = { roles?: AdminRoleName[] | undefined };
type SeedPerson = { admin?: boolean | undefined; roles?: AdminRoleName[] | undefined };

/** A seeded admin's roles: Full Administrator unless the seed names others. */
function adminRoleIds(admin: SeedAdmin): string[] {
  return (admin.roles ?? ["Full Administrator"]).map(roleIdOf);
}

function personRoleIds(person: SeedPerson): string[] {
  return [...(person.admin ? ["Full Administrator" as const] : []), ...(person.roles ?? [])].map(roleIdOf);
}
