import type {
  AttachmentActionRecord,
  CallParkExtensionRecord,
  CallParkRecord,
  LocationRecord,
  MembershipRecord,
  MessageRecord,
  OrgStore,
  PersonRecord,
  RoomRecord,
  WebhookRecord,
} from "./create-org-store.js";

// What the API returns, built from the store's records. Field names and optionality follow the
// Webex OpenAPI specs (messaging, admin, cloud calling); optional fields are left out, never null.

export type Person = {
  id: string;
  emails: string[];
  displayName: string;
  nickName: string;
  firstName: string;
  lastName: string;
  orgId: string;
  type: "person" | "bot";
  created: string;
  roles?: string[];
};

export function renderPerson(
  person: PersonRecord,
  store: OrgStore,
  options: { withRoles?: boolean } = {},
): Person {
  const shape: Person = {
    id: person.id,
    emails: [person.email],
    displayName: person.displayName,
    nickName: person.firstName,
    firstName: person.firstName,
    lastName: person.lastName,
    orgId: person.orgId ?? store.org.id,
    type: person.type,
    created: person.created,
  };
  // Webex shows roles only to an admin of the person's org, and only on GET /people/{id}.
  if (options.withRoles) shape.roles = [...person.roles];
  return shape;
}

export type Room = {
  id: string;
  title: string;
  type: "direct" | "group";
  isLocked: boolean;
  lastActivity: string;
  creatorId: string;
  created: string;
  ownerId: string;
};

/**
 * A room as `viewerId` sees it: a 1:1 room is titled with the other person's display name (Rooms
 * spec). Without a viewer (the emulator's own views) the seed's title is kept.
 */
export function renderRoom(room: RoomRecord, store: OrgStore, viewerId?: string): Room {
  let title = room.title;
  if (room.type === "direct" && viewerId !== undefined) {
    const other = store.membersOf(room.id).find((m) => m.personId !== viewerId);
    title = (other && store.people.get(other.personId)?.displayName) ?? title;
  }
  return {
    id: room.id,
    title,
    type: room.type,
    isLocked: false,
    lastActivity: room.lastActivity,
    creatorId: room.creatorId,
    created: room.created,
    ownerId: store.org.id,
  };
}

export type Membership = {
  id: string;
  roomId: string;
  personId: string;
  personEmail: string;
  personDisplayName: string;
  personOrgId: string;
  isModerator: boolean;
  isRoomHidden: boolean;
  roomType: "direct" | "group";
  isMonitor: boolean;
  created: string;
};

export function renderMembership(membership: MembershipRecord, store: OrgStore): Membership | undefined {
  const person = store.people.get(membership.personId);
  const room = store.rooms.get(membership.roomId);
  if (!person || !room) return undefined;
  return {
    id: membership.id,
    roomId: membership.roomId,
    personId: person.id,
    personEmail: person.email,
    personDisplayName: person.displayName,
    personOrgId: person.orgId ?? store.org.id,
    isModerator: false,
    isRoomHidden: false,
    roomType: room.type,
    isMonitor: false,
    created: membership.created,
  };
}

export type Message = {
  id: string;
  parentId?: string;
  roomId: string;
  roomType: "direct" | "group";
  text: string;
  markdown?: string;
  html?: string;
  files?: string[];
  personId: string;
  personEmail: string;
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  created: string;
  updated?: string;
};

export function renderMessage(message: MessageRecord, store: OrgStore): Message {
  const shape: Message = {
    id: message.id,
    roomId: message.roomId,
    roomType: store.rooms.get(message.roomId)?.type ?? "group",
    text: message.text,
    personId: message.personId,
    personEmail: store.people.get(message.personId)?.email ?? "",
    created: message.created,
  };
  if (message.parentId) shape.parentId = message.parentId;
  if (message.markdown !== undefined) shape.markdown = message.markdown;
  if (message.html !== undefined) shape.html = message.html;
  if (message.files?.length) shape.files = [...message.files];
  if (message.mentionedPeople?.length) shape.mentionedPeople = [...message.mentionedPeople];
  if (message.mentionedGroups?.length) shape.mentionedGroups = [...message.mentionedGroups];
  if (message.attachments?.length) shape.attachments = structuredClone(message.attachments);
  if (message.updated) shape.updated = message.updated;
  return shape;
}

export type AttachmentAction = {
  id: string;
  type: "submit";
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
};

export function renderAttachmentAction(action: AttachmentActionRecord): AttachmentAction {
  return {
    id: action.id,
    type: action.type,
    messageId: action.messageId,
    inputs: structuredClone(action.inputs),
    personId: action.personId,
    roomId: action.roomId,
    created: action.created,
  };
}

export type Webhook = {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: "active" | "inactive";
  created: string;
  orgId: string;
  createdBy: string;
  appId: string;
  ownedBy: "creator";
};

export function renderWebhook(webhook: WebhookRecord, store: OrgStore): Webhook {
  const shape: Webhook = {
    id: webhook.id,
    name: webhook.name,
    targetUrl: webhook.targetUrl,
    resource: webhook.resource,
    event: webhook.event,
    status: webhook.status,
    created: webhook.created,
    orgId: store.org.id,
    createdBy: webhook.ownerId,
    appId: webhook.appId,
    ownedBy: "creator",
  };
  if (webhook.filter !== undefined) shape.filter = webhook.filter;
  if (webhook.secret !== undefined) shape.secret = webhook.secret;
  return shape;
}

/** `ListLocationObject` of GET /telephony/config/locations. */
export type TelephonyLocation = {
  id: string;
  name: string;
  routingPrefix?: string;
  outsideDialDigit: string;
  callingLineId: { phoneNumber: string };
  e911SetupRequired: boolean;
};

export function renderTelephonyLocation(location: LocationRecord): TelephonyLocation {
  const shape: TelephonyLocation = {
    id: location.id,
    name: location.name,
    outsideDialDigit: "9",
    callingLineId: { phoneNumber: location.phoneNumber },
    e911SetupRequired: false,
  };
  if (location.routingPrefix !== undefined) shape.routingPrefix = location.routingPrefix;
  return shape;
}

/** An item of GET /locations (the general Locations API). */
export type Location = {
  id: string;
  name: string;
  orgId: string;
  address: { address1: string; city: string; state: string; postalCode: string; country: string };
  timeZone: string;
  preferredLanguage: string;
};

export function renderLocation(location: LocationRecord): Location {
  return {
    id: location.id,
    name: location.name,
    orgId: location.orgId,
    address: {
      address1: "1 Emulator Way",
      city: location.name,
      state: "CA",
      postalCode: "95000",
      country: "US",
    },
    timeZone: "America/Los_Angeles",
    preferredLanguage: "en_us",
  };
}

/** Which key carries the location's name in call park extension lists (see EmulatorOptions). */
export type CallParkLocationField = "locationName" | "location";

/** `ListCallParkExtensionObject`, with the location name under `locationName` or its alias `location`. */
export type CallParkExtension = {
  id: string;
  extension: string;
  routingPrefix?: string;
  esn?: string;
  name: string;
  locationId: string;
  locationName?: string;
  location?: string;
};

export function renderCallParkExtension(
  cpe: CallParkExtensionRecord,
  location: LocationRecord,
  field: CallParkLocationField,
): CallParkExtension {
  const shape: CallParkExtension = {
    id: cpe.id,
    extension: cpe.extension,
    name: cpe.name,
    locationId: location.id,
  };
  if (location.routingPrefix !== undefined) {
    shape.routingPrefix = location.routingPrefix;
    shape.esn = `${location.routingPrefix}${cpe.extension}`;
  }
  shape[field] = location.name;
  return shape;
}

/** `GetCallParkExtensionObject`: no id or location in the body. */
export function renderCallParkExtensionDetails(cpe: CallParkExtensionRecord, location: LocationRecord) {
  const shape: { extension: string; routingPrefix?: string; esn?: string; name: string } = {
    extension: cpe.extension,
    name: cpe.name,
  };
  if (location.routingPrefix !== undefined) {
    shape.routingPrefix = location.routingPrefix;
    shape.esn = `${location.routingPrefix}${cpe.extension}`;
  }
  return shape;
}

/** `ListCallParkObject` of GET /telephony/config/locations/{locationId}/callParks. */
export type CallPark = { name: string; id: string; locationName: string; locationId: string };

export function renderCallPark(callPark: CallParkRecord, location: LocationRecord): CallPark {
  return { name: callPark.name, id: callPark.id, locationName: location.name, locationId: location.id };
}

/** `GetPersonPlaceVirtualLineCallParksObject`; the emulator's agents are people only. */
export type CallParkAgent = {
  id: string;
  firstName: string;
  lastName: string;
  displayName: string;
  type: "PEOPLE";
  email: string;
};

/**
 * `GetCallParkObject`. The emulator has no hunt groups or call park settings: recall is "alert
 * the parking user only" (GetRecallHuntGroupObject's option that needs no hunt group).
 */
export type CallParkDetails = {
  id: string;
  name: string;
  recall: { option: "ALERT_PARKING_USER_ONLY" };
  agents: CallParkAgent[];
  parkOnAgentsEnabled: boolean;
  /** `ListCPCallParkExtensionObject`s. */
  callParkExtensions: { id: string; extension: string; name: string }[];
};

export function renderCallParkDetails(callPark: CallParkRecord, store: OrgStore): CallParkDetails {
  return {
    id: callPark.id,
    name: callPark.name,
    recall: { option: "ALERT_PARKING_USER_ONLY" },
    agents: callPark.agentIds.flatMap((id): CallParkAgent[] => {
      const person = store.people.get(id);
      if (!person) return [];
      const { firstName, lastName, displayName, email } = person;
      return [{ id, firstName, lastName, displayName, type: "PEOPLE", email }];
    }),
    parkOnAgentsEnabled: callPark.parkOnAgentsEnabled,
    callParkExtensions: callPark.callParkExtensionIds.map((id) => {
      const cpe = store.callParkExtensions.get(id);
      // The store drops a deleted extension from its call parks; a dangling ID is an emulator bug.
      if (!cpe)
        throw new Error(`emulator: call park ${callPark.id} lists a call park extension that does not exist`);
      return { id: cpe.id, extension: cpe.extension, name: cpe.name };
    }),
  };
}
