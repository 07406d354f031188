import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { type AdminRoleName, adminRoles } from "./admin-roles.js";
import {
  type CallParkDetails,
  type CallParkExtension,
  type CallParkLocationField,
  type Message,
  type Person,
  type Room,
  renderCallParkDetails,
  renderCallParkExtension,
  renderMessage,
  renderPerson,
  renderRoom,
  renderWebhook,
  type Webhook,
} from "./api-shapes.js";
import { type ActAs, createActAs } from "./create-act-as.js";
import { createApiRouter } from "./create-api-router.js";
import { createFaultInjector, type Faults } from "./create-fault-injector.js";
import { createOrgStore, type LocationRecord } from "./create-org-store.js";
import { createTokenStore } from "./create-token-store.js";
import { createWebhookDispatcher, type Delivery } from "./create-webhook-dispatcher.js";
import type { EmulatorChange } from "./emulator-change.js";
import type { EmulatorContext } from "./emulator-context.js";
import type { OrgSeed } from "./org-seed.js";
import { createRequestLog, type RequestLogEntry } from "./request-log.js";
import { setRequestState } from "./request-state.js";

export type EmulatorOptions = {
  seed: OrgSeed;
  /** Longest list page, whatever `max` asks for; default 100. */
  pageSizeCap?: number;
  /**
   * Key of the location name in call park extension lists; default "locationName". Real Webex has
   * returned `location` too (wxc_sdk keeps an alias), so clients must accept both.
   */
  callParkLocationField?: CallParkLocationField;
  /** Randomness for `faults.random` without a seed; default Math.random. */
  random?: () => number;
  /** Clock for timestamps and token expiry, ms since the epoch; default Date.now. */
  now?: () => number;
  /**
   * Where clients reach the emulator app (API at `${publicBaseUrl}/v1`), used in Link headers.
   * Default: derived from each request's Host header and mount path.
   */
  publicBaseUrl?: string;
  /** Timeout of each webhook delivery POST, ms; default 10 000. */
  deliveryTimeoutMs?: number;
  /** Requests kept in `requests`; default 20 000. */
  requestLogCapacity?: number;
  /**
   * Origins (`http://127.0.0.1:8080`) a webhook's targetUrl may have; read at every create and
   * update, so a server that learns its port when it listens can supply it. Default: any origin
   * (tests run the bot on another port). The demo sets its own origin, so a caller holding a demo
   * token cannot make the demo machine post to other addresses.
   */
  allowedWebhookOrigins?: () => readonly string[];
};

/** A location as the emulator holds it. */
export type EmulatorLocation = { id: string; name: string; routingPrefix?: string };

/** An org the emulator holds: the main org or a customer org (`orgName` below names one). */
export type EmulatorOrg = { id: string; name: string };

export type Emulator = ActAs & {
  /** The HTTP app: API under `/v1`. Mountable: `host.use("/emulator", emulator.app)`. */
  app: Express;
  /** The main org (the partner's). */
  org: EmulatorOrg;
  /** Every org: the main org first, then the seed's customer orgs. */
  orgs(): EmulatorOrg[];
  readonly botPerson: Person;
  /** A person of any org. */
  person(email: string): Person | undefined;
  room(title: string): Room | undefined;
  // The telephony views below read the main org unless `orgName` names another; an unknown org
  // name throws (a test typo must not read as "no such location").
  location(name: string, orgName?: string): EmulatorLocation | undefined;
  callParkExtension(locationName: string, extension: string, orgName?: string): CallParkExtension | undefined;
  /** Everyone, of every org. */
  people(): Person[];
  rooms(): Room[];
  /** A room's members (the bot included), in the order they joined; empty for an unknown room. */
  members(roomId: string): Person[];
  locations(orgName?: string): EmulatorLocation[];
  /** Every call park extension of the org, location name under `locationName`. */
  callParkExtensions(orgName?: string): CallParkExtension[];
  /** A location's call park groups, as GET …/callParks/{id} shows them; empty for an unknown location. */
  callParks(locationName: string, orgName?: string): CallParkDetails[];
  /** The names of a person's admin roles (what GET /roles names their `roles` ids); [] for nobody. */
  adminRoleNames(email: string): string[];
  /** Replaces a person's admin roles, as granting or revoking one in Control Hub does. */
  setRoles(email: string, roles: readonly AdminRoleName[]): void;
  webhooks(): Webhook[];
  /** A room's messages, oldest first. */
  messages(roomId: string): Message[];
  message(id: string): Message | undefined;
  faults: Faults;
  /** Delays every API response by `ms` (benchmarks); 0 turns it off. */
  setLatency(ms: number): void;
  /** The last requests (bounded ring), oldest first. Never holds tokens. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  /** Webhook deliveries made (the last 1 000), oldest first. */
  readonly deliveries: readonly Delivery[];
  /** Resolves when every webhook delivery started so far has finished. */
  whenIdle(): Promise<void>;
  /** Invalidates every access token issued by POST /access_token so far. */
  expireAccessTokens(): void;
  /** Emits "change" with an EmulatorChange. */
  events: EventEmitter;
  /**
   * Restores the seed's org data: people, rooms, messages, attachment actions, locations, call park
   * extensions. Seeded objects keep their IDs (they derive from the seed). Webhooks are removed
   * unless `keepWebhooks`. Tokens, faults, latency, the request log and deliveries are untouched.
   */
  reset(options?: { keepWebhooks?: boolean }): void;
};

export type RunningEmulator = Emulator & {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `url + "/v1"`: what a Webex client takes as its API base. */
  apiUrl: string;
  close(): Promise<void>;
};

/** Builds the emulator's state and express app; does not listen. */
export function createEmulator(options: EmulatorOptions): Emulator {
  const now = options.now ?? Date.now;
  const events = new EventEmitter();
  // A playground page may attach many listeners (one per open browser tab).
  events.setMaxListeners(0);
  const emit = (change: EmulatorChange) => {
    events.emit("change", change);
  };
  const store = createOrgStore(options.seed, now);
  const tokens = createTokenStore(store, now);
  const dispatcher = createWebhookDispatcher({ store, now, emit, timeoutMs: options.deliveryTimeoutMs });
  const ctx: EmulatorContext = {
    store,
    tokens,
    dispatcher,
    emit,
    pageSizeCap: options.pageSizeCap ?? 100,
    callParkLocationField: options.callParkLocationField ?? "locationName",
    now,
    allowsWebhookTarget: (targetUrl) => {
      const allowed = options.allowedWebhookOrigins?.();
      return allowed === undefined || allowed.includes(new URL(targetUrl).origin);
    },
  };
  const { faults, take } = createFaultInjector(options.random ?? Math.random);
  const log = createRequestLog(options.requestLogCapacity);
  let latencyMs = 0;

  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    // Webex answers every request with a TrackingID header; error bodies repeat it.
    const trackingId = `EMULATOR_${randomUUID()}`;
    res.setHeader("TrackingID", trackingId);
    setRequestState(req, { trackingId, apiBase: "", auth: { kind: "none" } });
    next();
  });
  app.use(
    "/v1",
    createApiRouter(ctx, {
      publicBaseUrl: options.publicBaseUrl,
      takeFault: take,
      latencyMs: () => latencyMs,
      logRequest: (entry) => {
        const full = { seq: log.nextSeq(), ...entry };
        log.add(full);
        emit({ kind: "request", request: full });
      },
    }),
  );
  // Outside /v1 (an SDK probing its U2C catalog, a favicon): a bare 404, unlogged.
  app.use((_req, res) => {
    res.status(404).end();
  });

  const locationView = (location: LocationRecord): EmulatorLocation => {
    const view: EmulatorLocation = { id: location.id, name: location.name };
    if (location.routingPrefix !== undefined) view.routingPrefix = location.routingPrefix;
    return view;
  };
  const orgIdNamed = (orgName: string | undefined): string => {
    if (orgName === undefined) return store.org.id;
    const org = store.orgByName(orgName);
    if (!org) throw new Error(`emulator: no org named "${orgName}"`);
    return org.id;
  };
  const cpeViews = (orgName?: string) =>
    store.callParkExtensionsOf(orgIdNamed(orgName)).flatMap((cpe) => {
      const location = store.locations.get(cpe.locationId);
      return location ? [renderCallParkExtension(cpe, location, "locationName")] : [];
    });

  return {
    ...createActAs(ctx),
    app,
    org: { ...store.org },
    orgs: () => store.orgs.map((o) => ({ ...o })),
    get botPerson() {
      return renderPerson(store.bot, store);
    },
    person(email) {
      const person = store.personByEmail(email);
      return person && renderPerson(person, store);
    },
    room(title) {
      const room = store.findRoomByTitle(title);
      return room && renderRoom(room, store);
    },
    location(name, orgName) {
      const location = store.findLocationByName(orgIdNamed(orgName), name);
      return location && locationView(location);
    },
    callParkExtension(locationName, extension, orgName) {
      return cpeViews(orgName).find(
        (cpe) => cpe.locationName === locationName && cpe.extension === extension,
      );
    },
    people: () => [...store.people.values()].map((p) => renderPerson(p, store)),
    rooms: () => [...store.rooms.values()].map((r) => renderRoom(r, store)),
    members: (roomId) =>
      store.membersOf(roomId).flatMap((m) => {
        const person = store.people.get(m.personId);
        return person ? [renderPerson(person, store)] : [];
      }),
    locations: (orgName) => store.locationsOf(orgIdNamed(orgName)).map(locationView),
    callParkExtensions: cpeViews,
    setRoles: store.setRoles,
    adminRoleNames(email) {
      const roles = store.personByEmail(email)?.roles ?? [];
      return adminRoles.filter((r) => roles.includes(r.id)).map((r) => r.name);
    },
    callParks(locationName, orgName) {
      const location = store.findLocationByName(orgIdNamed(orgName), locationName);
      return [...store.callParks.values()]
        .filter((c) => c.locationId === location?.id)
        .map((c) => renderCallParkDetails(c, store));
    },
    webhooks: () => [...store.webhooks.values()].map((w) => renderWebhook(w, store)),
    messages: (roomId) => store.messagesOf(roomId).map((m) => renderMessage(m, store)),
    message(id) {
      const message = store.messages.get(id);
      return message && renderMessage(message, store);
    },
    faults,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    requests: log.entries,
    clearRequests: log.clear,
    deliveries: dispatcher.deliveries,
    whenIdle: dispatcher.whenIdle,
    expireAccessTokens: tokens.expireAccessTokens,
    events,
    reset(resetOptions) {
      store.load(resetOptions);
      emit({ kind: "reset" });
    },
  };
}

/** Creates an emulator and serves it over HTTP; default 127.0.0.1 on an ephemeral port. */
export async function startEmulator(
  options: EmulatorOptions & { port?: number; host?: string },
): Promise<RunningEmulator> {
  const emulator = createEmulator(options);
  const server = createServer(emulator.app);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  return Object.assign(emulator, {
    url,
    apiUrl: `${url}/v1`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (the SDK's, a test's fetch) would hold close() open.
        server.closeAllConnections();
      }),
  });
}

// The emulator's public types, importable from this one module.
export type { AttachmentAction, CallParkExtension, Message, Person, Room, Webhook } from "./api-shapes.js";
export type { ActAs, PressButtonInput, SayInput, SubmitActionInput } from "./create-act-as.js";
export type { FaultKind, FaultRule, Faults, RandomFaults } from "./create-fault-injector.js";
export type { Delivery } from "./create-webhook-dispatcher.js";
export type { EmulatorChange } from "./emulator-change.js";
export { type OrgSeed, orgSeedSchema } from "./org-seed.js";
export type { RequestLogEntry } from "./request-log.js";
