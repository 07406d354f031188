import { z } from "zod";

// Webex responses, validated at the edge. Objects keep only the fields we read; Webex adds fields
// over time and zod drops unknown keys, so new fields never break us.

export const callParkExtensionSchema = z
  .object({
    id: z.string().min(1),
    extension: z.string(),
    name: z.string(),
    locationId: z.string().min(1),
    // wxc_sdk accepts `location` as an alias (the schema changed once); take whichever is present.
    locationName: z.string().optional(),
    location: z.string().optional(),
  })
  .transform(({ location, locationName, ...rest }) => ({
    ...rest,
    locationName: locationName ?? location ?? "",
  }));
export type CallParkExtension = z.output<typeof callParkExtensionSchema>;

/** `GetCallParkExtensionObject`: the details read by id carry no id or location fields. */
export const callParkExtensionDetailsSchema = z.object({
  extension: z.string(),
  name: z.string(),
  routingPrefix: z.string().optional(),
  esn: z.string().optional(),
});
export type CallParkExtensionDetails = z.output<typeof callParkExtensionDetailsSchema>;

export const callParkExtensionListSchema = z
  .object({ callParkExtensions: z.array(callParkExtensionSchema) })
  .transform((body) => ({ items: body.callParkExtensions }));

/** `ListCallParkObject`: a call park group at a location (no members in the list). */
export const callParkSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  locationId: z.string().min(1),
  locationName: z.string().optional(),
});
export type CallPark = z.output<typeof callParkSchema>;

export const callParkListSchema = z
  .object({ callParks: z.array(callParkSchema) })
  .transform((body) => ({ items: body.callParks }));

/** `GetCallParkObject`, only what the bot reads: the member extensions (absent: none). */
export const callParkDetailsSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  callParkExtensions: z
    .array(z.object({ id: z.string().min(1), extension: z.string(), name: z.string() }))
    .optional()
    .default([]),
});
export type CallParkDetails = z.output<typeof callParkDetailsSchema>;

/** `201`/`200 {"id"}`: what a create, or a call park's update, answers (features-call-park.yml). */
export const createdIdSchema = z.object({ id: z.string().min(1) });

export const telephonyLocationSchema = z.object({ id: z.string().min(1), name: z.string() });
export type TelephonyLocation = z.output<typeof telephonyLocationSchema>;

export const telephonyLocationListSchema = z
  .object({ locations: z.array(telephonyLocationSchema) })
  .transform((body) => ({ items: body.locations }));

export const messageSchema = z.object({
  id: z.string().min(1),
  roomId: z.string().min(1),
  parentId: z.string().optional(),
});
export type PostedMessage = z.output<typeof messageSchema>;

/** A message read back to see which card it carries. */
export const cardMessageSchema = z.object({
  id: z.string().min(1),
  roomId: z.string().min(1),
  personId: z.string().optional(),
  attachments: z.array(z.object({ contentType: z.string(), content: z.unknown() })).default([]),
});
export type CardMessage = z.output<typeof cardMessageSchema>;

export const webhookSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  targetUrl: z.string(),
  resource: z.string(),
  event: z.string(),
  filter: z.string().optional(),
  secret: z.string().optional(),
  status: z.string().optional(),
  created: z.string().optional(),
});
export type Webhook = z.output<typeof webhookSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

export const personSchema = z.object({
  id: z.string().min(1),
  emails: z.array(z.string()).default([]),
  displayName: z.string().default(""),
  orgId: z.string().optional(),
  type: z.string().optional(),
});
export type Person = z.output<typeof personSchema>;

/**
 * A person as an admin of their org reads them (GET /people/{id} with the admin token): `roles`
 * (role ids) appears only to such an admin; absent means Webex did not show them, not "none".
 */
export const personRolesSchema = z.object({
  id: z.string().min(1),
  orgId: z.string().optional(),
  roles: z.array(z.string()).optional(),
});
export type PersonRoles = z.output<typeof personRolesSchema>;

/** GET /roles: `{ items: [{ id, name }] }` (webex-admin.json, Role). */
export const roleListSchema = z.object({
  items: z.array(z.object({ id: z.string().min(1), name: z.string() })),
});
export type Role = z.output<typeof roleListSchema>["items"][number];

export const accessTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().optional(),
});

export const organizationSchema = z.object({ id: z.string().optional(), displayName: z.string() });

/** GET /organizations: `{ items: Organization[] }`, not paginated (webex-admin.json). */
export const organizationListSchema = z.object({
  items: z.array(z.object({ id: z.string().min(1), displayName: z.string().default("") })),
});
export type Organization = z.output<typeof organizationListSchema>["items"][number];
