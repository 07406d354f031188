import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { isSameOrg } from "../src/webex/is-same-org.js";
import { defineCommand } from "./command.js";
import { type OrgsIntent, parseOrgs } from "./parse-orgs.js";

/**
 * `orgs`: the orgs the admin token can manage (GET /organizations: its own, and a partner's
 * customers) and which spaces WEBEX_ORG_SPACES binds to each, with this space's id, so an admin
 * can set the mapping up. One Webex call. In a space bound to a customer org, that org alone and no
 * call: one customer must not learn about the partner's others.
 */
export const orgs = defineCommand<OrgsIntent>({
  name: "orgs",
  summary:
    "List the orgs my admin token can manage and which spaces act on which org (WEBEX_ORG_SPACES), with this space's id.",
  examples: ["orgs"],
  restricted: true,
  parse: parseOrgs,
  run: async (_intent, ctx) => {
    const { services, roomId } = ctx;
    if (services.boundToSpace) {
      // A customer's admins see their own org only: the partner's other customers, their ids and
      // their spaces are not theirs to read (as `audit` shows them their own deletions only).
      await ctx.reply(
        `This space acts on **${escapeMarkdown(services.orgName)}** \`${escapeMarkdown(services.actingOrgId ?? "", 400)}\` (WEBEX_ORG_SPACES binds it). This space's id: \`${escapeMarkdown(roomId, 400)}\`.`,
      );
      return;
    }
    // GET /organizations — admin token
    const visible = await services.directory.listOrganizations();
    const spacesOf = (orgId: string) =>
      [...services.orgSpaces].filter(([, bound]) => isSameOrg(bound, orgId)).map(([room]) => room);
    const room = (id: string) => `\`${escapeMarkdown(id, 400)}\`${id === roomId ? " (this space)" : ""}`;
    const lines = visible.map((org) => {
      const spaces = spacesOf(org.id);
      const here = isSameOrg(org.id, services.actingOrgId) ? " ← this space acts on it" : "";
      const binding =
        spaces.length > 0 ? `spaces bound to it: ${spaces.map(room).join(", ")}` : "no space bound to it";
      return `- **${escapeMarkdown(org.displayName || org.id)}** \`${escapeMarkdown(org.id, 400)}\`: ${binding}${here}`;
    });
    const unlisted = [...services.orgSpaces].filter(
      ([, orgId]) => !visible.some((o) => isSameOrg(o.id, orgId)),
    );
    const defaultOrg = services.boundToSpace
      ? ""
      : `\nSpaces not bound act on **${escapeMarkdown(services.orgName)}**.`;
    await ctx.reply(
      [
        `Orgs my admin token can manage (${visible.length}):`,
        ...lines,
        ...(unlisted.length > 0
          ? [
              `Bound in WEBEX_ORG_SPACES but not listed by Webex: ${unlisted.map(([r, o]) => `${room(r)} → \`${escapeMarkdown(o, 400)}\``).join(", ")}.`,
            ]
          : []),
        `This space's id: \`${escapeMarkdown(roomId, 400)}\` (to bind it: WEBEX_ORG_SPACES={"<space id>":"<org id>"}).${defaultOrg}`,
      ].join("\n"),
    );
  },
});
