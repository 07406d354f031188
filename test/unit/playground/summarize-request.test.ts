import { describe, expect, it } from "vitest";
import { buildFaultRule } from "../../../src/playground/build-fault-rule.js";
import { shortenPath, summarizeRequest } from "../../../src/playground/summarize-request.js";

describe("summarizeRequest", () => {
  const id = "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL2FiY2RlZg";
  it("cuts Webex IDs to their tail and keeps the rest", () => {
    expect(shortenPath(`/telephony/config/locations/${id}/callParkExtensions`)).toBe(
      `/telephony/config/locations/…${id.slice(-6)}/callParkExtensions`,
    );
    expect(shortenPath("/people/me")).toBe("/people/me");
    const summary = summarizeRequest({
      seq: 1,
      at: 1,
      method: "GET",
      path: "/memberships",
      query: { roomId: id },
      status: 200,
      auth: "bot",
      durationMs: 1,
    });
    expect(summary.shortPath).toBe(`/memberships?roomId=…${id.slice(-6)}`);
    expect(summary.path).toBe(`/memberships?roomId=${id}`);
  });

  it("shows which token, never a token", () => {
    const summary = summarizeRequest({
      seq: 3,
      at: 1,
      method: "GET",
      path: "/telephony/config/callParkExtensions",
      query: { locationName: "HQ", extension: "1234" },
      status: 200,
      auth: "admin",
      durationMs: 1.6,
    });
    expect(summary).toEqual({
      seq: 3,
      at: 1,
      method: "GET",
      shortPath: "/telephony/config/callParkExtensions?locationName=HQ&extension=1234",
      path: "/telephony/config/callParkExtensions?locationName=HQ&extension=1234",
      status: 200,
      token: "admin",
      durationMs: 2,
    });
  });
});

describe("buildFaultRule", () => {
  it("aims the default at the DELETE of one call park extension", () => {
    const rule = buildFaultRule(429, "delete");
    expect(rule).toMatchObject({ status: 429, retryAfter: 2, method: "DELETE", times: 1 });
    const path = rule.path as RegExp;
    expect(path.test("/telephony/config/locations/L/callParkExtensions/C")).toBe(true);
    expect(path.test("/telephony/config/callParkExtensions")).toBe(false);
    expect(buildFaultRule(503, "telephony")).toEqual({ status: 503, times: 1, path: "/telephony" });
    expect(buildFaultRule(403, "any")).toEqual({ status: 403, times: 1 });
  });
});
