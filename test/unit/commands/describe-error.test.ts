import { describe, expect, it } from "vitest";
import { describeError } from "../../../commands/describe-error.js";
import { AppError } from "../../../src/app-error.js";
import { WebexApiError } from "../../../src/webex/webex-api-error.js";
import { WebexNetworkError } from "../../../src/webex/webex-network-error.js";

const TELEPHONY = "/telephony/config/locations/LOC_1/callParkExtensions/CPE_1";
const LOCATIONS = "/locations/LOC_1";
const MESSAGES = "/messages";
const doing = "delete call park extension 1234 at HQ";
const lookUp = { doing: "look up extension 1234", mutating: false };
const del = { doing, mutating: true };

const api = (status: number, extra: Partial<ConstructorParameters<typeof WebexApiError>[0]> = {}) =>
  new WebexApiError({ status, method: "DELETE", path: TELEPHONY, ...extra });

type Situation = { doing: string; mutating: boolean };

describe("describeError", () => {
  it.each<[string, unknown, Situation, RegExp[], RegExp[]]>([
    [
      "400",
      api(400, { webexMessage: "Invalid extension" }),
      del,
      [/rejected the request \(400\)/, /Invalid extension/, /Nothing was deleted/],
      [],
    ],
    [
      "401 telephony",
      api(401),
      del,
      [/admin token/, /invalid or has expired/, /org admin must renew/, /Nothing was deleted/],
      [/bot token/],
    ],
    [
      "401 on /locations is telephony too",
      api(401, { path: LOCATIONS, method: "GET" }),
      lookUp,
      [/admin token/],
      [/bot token/],
    ],
    [
      "401 messaging",
      api(401, { path: MESSAGES, method: "POST" }),
      lookUp,
      [/bot token/, /owner/],
      [/admin token/],
    ],
    ["403 telephony", api(403), del, [/spark-admin:telephony_config_write/, /Nothing was deleted/], []],
    [
      "403 messaging",
      api(403, { path: MESSAGES, method: "POST" }),
      lookUp,
      [/refused the bot \(403\)/],
      [/telephony_config_write/],
    ],
    ["404", api(404), del, [/no longer exists/, /already deleted/], [/Nothing was deleted/]],
    [
      "409",
      api(409, { webexMessage: "Extension is in use by a line key" }),
      del,
      [/conflict/, /Extension is in use by a line key/, /Nothing was deleted/],
      [],
    ],
    [
      "423",
      api(423, { webexMessage: "Location is being updated" }),
      del,
      [/locked/, /try again/, /Location is being updated/, /Nothing was deleted/],
      [],
    ],
    [
      "429 with Retry-After",
      api(429, { retryAfterSeconds: 17 }),
      del,
      [/rate-limiting/, /Try again in 17 s/, /Nothing was deleted/],
      [/a minute/],
    ],
    [
      "429 without Retry-After",
      api(429),
      lookUp,
      [/rate-limiting/, /Try again in a minute/],
      [/Nothing was deleted/],
    ],
    ["500", api(500), del, [/Webex had a problem \(500\)/, /try again shortly/, /Nothing was deleted/], []],
    ["503", api(503), lookUp, [/Webex had a problem \(503\)/, /try again/], [/Nothing was deleted/]],
    [
      "502 mutating",
      api(502),
      del,
      [
        /couldn't confirm/,
        /gateway problem \(502\)/,
        /may or may not have happened/,
        /ask me again to check/,
      ],
      [/Nothing was deleted/],
    ],
    [
      "504 mutating",
      api(504),
      del,
      [/couldn't confirm/, /gateway problem \(504\)/, /may or may not have happened/],
      [/Nothing was deleted/],
    ],
    [
      "502 not mutating",
      api(502, { method: "GET" }),
      lookUp,
      [/couldn't look up extension 1234/, /gateway problem \(502\)/, /try again shortly/],
      [/may or may not/],
    ],
    [
      "504 not mutating",
      api(504, { method: "GET" }),
      lookUp,
      [/gateway problem \(504\)/],
      [/may or may not/],
    ],
    [
      "network, mutating",
      new WebexNetworkError({ method: "DELETE", path: TELEPHONY, reason: "ECONNRESET" }),
      del,
      [/couldn't reach Webex/, /ECONNRESET/, /may or may not have happened/],
      [/Nothing was deleted/],
    ],
    [
      "network, not mutating",
      new WebexNetworkError({ method: "GET", path: TELEPHONY, reason: "timed out" }),
      lookUp,
      [/couldn't reach Webex to look up extension 1234/, /try again shortly/],
      [/may or may not/, /timed out/],
    ],
    [
      "bad response",
      new AppError("webex.bad-response", "unexpected shape at items.0.id"),
      del,
      [/don't understand/, /logged/, /Nothing was deleted/],
      [/items\.0\.id/],
    ],
    [
      "other AppError",
      new AppError("config.invalid", "CONFIG DETAIL"),
      lookUp,
      [/went wrong on my side/, /logged/],
      [/CONFIG DETAIL/],
    ],
    [
      "plain Error",
      new Error("boom at line 12"),
      del,
      [/went wrong on my side/, /logged/, /Nothing was deleted/],
      [/boom/, /line 12/],
    ],
    ["a thrown string", "raw string thrown", lookUp, [/went wrong on my side/], [/raw string thrown/]],
    ["undefined", undefined, lookUp, [/went wrong on my side/], []],
  ])("%s", (_label, err, situation, present, absent) => {
    const sentence = describeError(err, situation);
    expect(sentence).toContain(situation.doing);
    for (const pattern of present) expect(sentence).toMatch(pattern);
    for (const pattern of absent) expect(sentence).not.toMatch(pattern);
    expect(sentence).not.toMatch(/\n|\bat .*\.ts:\d+/);
  });

  it.each([400, 401, 403, 404, 409, 423, 429, 500, 502, 503, 504])(
    "%i: the trackingId is included when Webex sent one, and absent otherwise",
    (status) => {
      expect(describeError(api(status, { trackingId: "ROUTER_ABC-123" }), del)).toContain(
        "(Webex trackingId: ROUTER_ABC-123)",
      );
      expect(describeError(api(status), del)).not.toContain("trackingId");
    },
  );

  const TOKEN = "TOKEN-abcdef0123456789-SECRET";
  it.each<[string, unknown]>([
    ["401 whose Webex message names the token", api(401, { webexMessage: `token ${TOKEN} expired` })],
    ["403 whose Webex message names the token", api(403, { webexMessage: `Bearer ${TOKEN}` })],
    ["404 whose Webex message names the token", api(404, { webexMessage: TOKEN })],
    ["429 whose Webex message names the token", api(429, { webexMessage: TOKEN })],
    ["502 whose Webex message names the token", api(502, { webexMessage: TOKEN })],
    ["500 whose Webex message names the token", api(500, { webexMessage: TOKEN })],
    ["bad response whose message names the token", new AppError("webex.bad-response", `Bearer ${TOKEN}`)],
    ["plain Error whose message names the token", new Error(`authorization: Bearer ${TOKEN}`)],
    [
      "network error whose reason names the token",
      new WebexNetworkError({ method: "DELETE", path: "/x", reason: `Bearer ${TOKEN}` }),
    ],
  ])("%s: the sentence does not contain it", (_label, err) => {
    expect(describeError(err, del)).not.toContain(TOKEN);
    expect(describeError(err, lookUp)).not.toContain(TOKEN);
  });

  it.each([409, 423, 400])(
    "%i: Webex's message is echoed without backticks, angle brackets or brackets",
    (status) => {
      const sentence = describeError(
        api(status, { webexMessage: "Use `rm -rf` <@all> [click](http://evil) <script>" }),
        del,
      );
      expect(sentence).toContain("Webex said:");
      expect(sentence).toContain("rm -rf");
      expect(sentence).not.toMatch(/[`<>[\]]/);
    },
  );
});
