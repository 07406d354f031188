import { describe, expect, it } from "vitest";
import { AppError } from "../../src/app-error.js";
import { loadConfig } from "../../src/config.js";
import { deriveCardSigningKey } from "../../src/confirm/card-token.js";

type Env = Record<string, string | undefined>;

const SECRET = "webhook-secret-0123456789";
const real: Env = {
  WEBEX_BOT_TOKEN: "bot-token-value",
  WEBEX_ADMIN_TOKEN: "admin-token-value",
  WEBEX_WEBHOOK_SECRET: SECRET,
  PUBLIC_URL: "https://park-bot.example.com",
  ALLOWED_EMAILS: "alice@example.com",
};

function errorOf(env: Env): AppError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("loadConfig did not throw");
}

describe("loadConfig: demo mode", () => {
  it.each<[string, Env]>([
    ["empty env", {}],
    ["blank values count as unset", { WEBEX_BOT_TOKEN: "", WEBEX_ADMIN_TOKEN: "  ", PUBLIC_URL: "" }],
    ["development NODE_ENV", { NODE_ENV: "development" }],
  ])("%s → demo with defaults", (_label, env) => {
    expect(loadConfig(env)).toEqual({
      mode: "demo",
      port: 8080,
      confirmTtlSeconds: 300,
      requireWebexAdmin: true,
      roleCacheSeconds: 60,
      bulk: { max: 200, concurrency: 4, undoTtlSeconds: 600 },
      logLevel: "info",
      auditLogPath: undefined,
      redisUrl: undefined,
      host: undefined,
    });
  });

  it("the admin-role rule is on unless REQUIRE_WEBEX_ADMIN=false; its cache is at most 60 s", () => {
    expect(loadConfig({ REQUIRE_WEBEX_ADMIN: "false", ROLE_CACHE_SECONDS: "5" })).toMatchObject({
      requireWebexAdmin: false,
      roleCacheSeconds: 5,
    });
    expect(loadConfig({ REQUIRE_WEBEX_ADMIN: "true" })).toMatchObject({ requireWebexAdmin: true });
    expect(() => loadConfig({ REQUIRE_WEBEX_ADMIN: "no" })).toThrow(
      /REQUIRE_WEBEX_ADMIN must be true or false/,
    );
    expect(() => loadConfig({ ROLE_CACHE_SECONDS: "61" })).toThrow(
      /ROLE_CACHE_SECONDS must be a whole number from 0 to 60/,
    );
  });

  it("BULK_MAX, BULK_CONCURRENCY and UNDO_TTL_SECONDS are read, and bounded", () => {
    expect(loadConfig({ BULK_MAX: "50", BULK_CONCURRENCY: "2", UNDO_TTL_SECONDS: "120" })).toMatchObject({
      bulk: { max: 50, concurrency: 2, undoTtlSeconds: 120 },
    });
    expect(() => loadConfig({ BULK_MAX: "1001" })).toThrow(/BULK_MAX must be a whole number from 1 to 1000/);
    expect(() => loadConfig({ BULK_CONCURRENCY: "0" })).toThrow(
      /BULK_CONCURRENCY must be a whole number from 1 to 10/,
    );
    expect(() => loadConfig({ UNDO_TTL_SECONDS: "30" })).toThrow(
      /UNDO_TTL_SECONDS must be a whole number from 60 to 86400/,
    );
  });

  it("demo honours PORT, CONFIRM_TTL_SECONDS and LOG_LEVEL", () => {
    expect(loadConfig({ PORT: "3000", CONFIRM_TTL_SECONDS: "60", LOG_LEVEL: "debug" })).toMatchObject({
      mode: "demo",
      port: 3000,
      confirmTtlSeconds: 60,
      logLevel: "debug",
    });
  });

  it.each<[string, Env, string]>([
    ["PUBLIC_URL", { PUBLIC_URL: "https://park-bot.example.com" }, "PUBLIC_URL"],
    ["WEBEX_ADMIN_TOKEN", { WEBEX_ADMIN_TOKEN: "SECRET-VALUE-123" }, "WEBEX_ADMIN_TOKEN"],
    ["WEBEX_REFRESH_TOKEN", { WEBEX_REFRESH_TOKEN: "SECRET-VALUE-123" }, "WEBEX_REFRESH_TOKEN"],
    ["WEBEX_WEBHOOK_SECRET", { WEBEX_WEBHOOK_SECRET: "SECRET-VALUE-1234567" }, "WEBEX_WEBHOOK_SECRET"],
    ["NODE_ENV=production", { NODE_ENV: "production" }, "NODE_ENV"],
  ])("refuses demo when %s is set without WEBEX_BOT_TOKEN", (_label, env, named) => {
    const err = errorOf(env);
    expect(err.code).toBe("config.invalid");
    expect(err.message).toContain("WEBEX_BOT_TOKEN");
    expect(err.message).toContain(named);
    expect(err.message).not.toContain("SECRET-VALUE");
  });
});

describe("loadConfig: real mode", () => {
  it("WEBEX_ORG_SPACES: a JSON object of roomId to orgId; anything else is refused, naming the variable", () => {
    expect(loadConfig({ ...real, WEBEX_ORG_SPACES: '{"room-a":"org-a","room-b":"org-b"}' })).toMatchObject({
      orgSpaces: { "room-a": "org-a", "room-b": "org-b" },
    });
    expect(loadConfig(real)).not.toHaveProperty("orgSpaces");
    for (const bad of ["room-a=org-a", '["room-a"]', '{"room-a":""}', '{"room-a":5}', '{"":"org-a"}'])
      expect(() => loadConfig({ ...real, WEBEX_ORG_SPACES: bad })).toThrow(
        /^Invalid configuration: WEBEX_ORG_SPACES must be a JSON object of roomId to orgId/,
      );
  });

  it("accepts a complete environment, with defaults", () => {
    const config = loadConfig(real);
    expect(config).toMatchObject({
      mode: "real",
      botToken: "bot-token-value",
      admin: { kind: "static", token: "admin-token-value" },
      orgId: undefined,
      apiUrl: "https://webexapis.com/v1",
      webhookSecret: SECRET,
      publicUrl: "https://park-bot.example.com",
      port: 8080,
      allowedEmails: ["alice@example.com"],
      allowedDomains: [],
      confirmTtlSeconds: 300,
      logLevel: "info",
      redisUrl: undefined,
      auditLogPath: "./data/audit.jsonl",
    });
  });

  it.each<[string, Env, Record<string, unknown>]>([
    [
      "trailing slashes trimmed from URLs",
      { PUBLIC_URL: "https://bot.example.com//", WEBEX_API_URL: "http://127.0.0.1:9000/v1/" },
      { publicUrl: "https://bot.example.com", apiUrl: "http://127.0.0.1:9000/v1" },
    ],
    [
      "lists split on commas and trimmed",
      { ALLOWED_EMAILS: " a@x.com , ,b@y.com ", ALLOWED_DOMAINS: "x.com,@y.com" },
      { allowedEmails: ["a@x.com", "b@y.com"], allowedDomains: ["x.com", "@y.com"] },
    ],
    [
      "domains alone are enough",
      { ALLOWED_EMAILS: undefined, ALLOWED_DOMAINS: "example.com" },
      { allowedEmails: [], allowedDomains: ["example.com"] },
    ],
    ["org id", { WEBEX_ORG_ID: " ORG_1 " }, { orgId: "ORG_1" }],
    [
      "port, ttl, log level",
      { PORT: "9090", CONFIRM_TTL_SECONDS: "600", LOG_LEVEL: "warn" },
      { port: 9090, confirmTtlSeconds: 600, logLevel: "warn" },
    ],
    ["redis", { REDIS_URL: "redis://cache:6379" }, { redisUrl: "redis://cache:6379" }],
  ])("%s", (_label, extra, expected) => {
    expect(loadConfig({ ...real, ...extra })).toMatchObject({ mode: "real", ...expected });
  });

  it("accepts the refresh-token trio instead of WEBEX_ADMIN_TOKEN", () => {
    const config = loadConfig({
      ...real,
      WEBEX_ADMIN_TOKEN: undefined,
      WEBEX_CLIENT_ID: "client-id",
      WEBEX_CLIENT_SECRET: "client-secret",
      WEBEX_REFRESH_TOKEN: "refresh-token",
    });
    expect(config).toMatchObject({
      mode: "real",
      admin: {
        kind: "refresh",
        clientId: "client-id",
        clientSecret: "client-secret",
        refreshToken: "refresh-token",
      },
    });
  });

  it.each<[string, Env, string[]]>([
    ["WEBEX_ADMIN_TOKEN", { WEBEX_ADMIN_TOKEN: undefined }, ["WEBEX_ADMIN_TOKEN", "WEBEX_REFRESH_TOKEN"]],
    [
      "refresh trio incomplete",
      { WEBEX_ADMIN_TOKEN: undefined, WEBEX_CLIENT_ID: "id", WEBEX_REFRESH_TOKEN: "r" },
      ["WEBEX_ADMIN_TOKEN", "WEBEX_CLIENT_SECRET"],
    ],
    ["WEBEX_WEBHOOK_SECRET", { WEBEX_WEBHOOK_SECRET: undefined }, ["WEBEX_WEBHOOK_SECRET"]],
    ["PUBLIC_URL", { PUBLIC_URL: undefined }, ["PUBLIC_URL"]],
    [
      "both allow lists",
      { ALLOWED_EMAILS: undefined, ALLOWED_DOMAINS: undefined },
      ["ALLOWED_EMAILS", "ALLOWED_DOMAINS"],
    ],
    [
      "both allow lists (blank)",
      { ALLOWED_EMAILS: " , ", ALLOWED_DOMAINS: "" },
      ["ALLOWED_EMAILS", "ALLOWED_DOMAINS"],
    ],
  ])("missing %s → error names it", (_label, override, named) => {
    const err = errorOf({ ...real, ...override });
    expect(err.code).toBe("config.invalid");
    expect(err.message).toMatch(/missing/);
    for (const name of named) expect(err.message).toContain(name);
  });

  it("names every missing variable at once", () => {
    const err = errorOf({ WEBEX_BOT_TOKEN: "bot" });
    for (const name of [
      "WEBEX_ADMIN_TOKEN",
      "WEBEX_WEBHOOK_SECRET",
      "PUBLIC_URL",
      "ALLOWED_EMAILS",
      "ALLOWED_DOMAINS",
    ]) {
      expect(err.message).toContain(name);
    }
  });

  it.each<[string, Env]>([
    ["PUBLIC_URL", { PUBLIC_URL: "SECRET-VALUE-123" }],
    ["PUBLIC_URL", { PUBLIC_URL: "ftp://SECRET-VALUE-123.example.com" }],
    ["WEBEX_API_URL", { WEBEX_API_URL: "not a url SECRET-VALUE-123" }],
    ["PORT", { PORT: "SECRET-VALUE-123" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "80.5" }],
    ["PORT", { PORT: "-1" }],
    ["LOG_LEVEL", { LOG_LEVEL: "SECRET-VALUE-123" }],
    ["CONFIRM_TTL_SECONDS", { CONFIRM_TTL_SECONDS: "SECRET-VALUE-123" }],
    ["CONFIRM_TTL_SECONDS", { CONFIRM_TTL_SECONDS: "5" }],
    ["WEBEX_WEBHOOK_SECRET", { WEBEX_WEBHOOK_SECRET: "SECRET-VALUE-1" }],
    ["CARD_SIGNING_KEY", { CARD_SIGNING_KEY: "SECRET-VALUE-123-too-short" }],
    ["REDIS_URL", { REDIS_URL: "http://SECRET-VALUE-123" }],
  ])("invalid %s → error names the variable, never the value (%j)", (name, override) => {
    for (const env of [{ ...real, ...override }, override]) {
      const err = errorOf(env);
      expect(err.code).toBe("config.invalid");
      expect(err.message).toContain(name);
      const value = Object.values(override)[0] ?? "";
      expect(err.message).not.toContain(value);
      expect(err.message).not.toContain("SECRET-VALUE");
    }
  });

  it("a short secret's error says how long it must be", () => {
    expect(errorOf({ ...real, WEBEX_WEBHOOK_SECRET: "short" }).message).toMatch(
      /WEBEX_WEBHOOK_SECRET must be at least 16/,
    );
  });

  it.each<[string, Env, string]>([
    [
      "not a number",
      { CONFIRM_TTL_SECONDS: "soon" },
      "CONFIRM_TTL_SECONDS must be a whole number from 30 to 86400",
    ],
    [
      "below the range",
      { CONFIRM_TTL_SECONDS: "29" },
      "CONFIRM_TTL_SECONDS must be a whole number from 30 to 86400",
    ],
    [
      "above the range",
      { CONFIRM_TTL_SECONDS: "86401" },
      "CONFIRM_TTL_SECONDS must be a whole number from 30 to 86400",
    ],
    [
      "a fraction",
      { CONFIRM_TTL_SECONDS: "60.5" },
      "CONFIRM_TTL_SECONDS must be a whole number from 30 to 86400",
    ],
    ["not a number", { PORT: "http" }, "PORT must be a whole number from 0 to 65535"],
    ["above the range", { PORT: "65536" }, "PORT must be a whole number from 0 to 65535"],
    ["below the range", { PORT: "-80" }, "PORT must be a whole number from 0 to 65535"],
    ["a fraction", { PORT: "8080.5" }, "PORT must be a whole number from 0 to 65535"],
  ])("a number %s → the error says the range (%j)", (_label, override, sentence) => {
    for (const env of [{ ...real, ...override }, override]) {
      expect(errorOf(env).message).toBe(`Invalid configuration: ${sentence}`);
    }
  });

  it.each<[string, string]>([
    ["a query", "https://bot.example.com/?token=x"],
    ["an empty query", "https://bot.example.com/hooks?"],
    ["a fragment", "https://bot.example.com/#webhook"],
  ])("PUBLIC_URL with %s → refused, saying why", (_label, publicUrl) => {
    const err = errorOf({ ...real, PUBLIC_URL: publicUrl });
    expect(err.message).toBe(
      "Invalid configuration: PUBLIC_URL must have no query (?…) or fragment (#…), since webhooks target PUBLIC_URL + /webhook",
    );
  });

  it("PUBLIC_URL with a path prefix is kept (the webhook is served under it), trailing slashes trimmed", () => {
    expect(loadConfig({ ...real, PUBLIC_URL: "https://proxy.example.com/park-bot/" })).toMatchObject({
      publicUrl: "https://proxy.example.com/park-bot",
    });
  });

  it("no error message ever contains the tokens of a valid environment", () => {
    const env = {
      ...real,
      WEBEX_BOT_TOKEN: "BOT-SECRET-VALUE",
      WEBEX_ADMIN_TOKEN: "ADMIN-SECRET-VALUE",
      PORT: "nope",
    };
    const err = errorOf(env);
    expect(err.message).not.toMatch(/SECRET-VALUE/);
  });

  it("uses CARD_SIGNING_KEY when set", () => {
    const key = "card-signing-key-0123456789abcdef0123";
    const config = loadConfig({ ...real, CARD_SIGNING_KEY: key });
    expect(config.mode).toBe("real");
    if (config.mode === "real") {
      expect(config.cardSigningKey.equals(Buffer.from(key, "utf8"))).toBe(true);
      expect(config.cardSigningKey.equals(deriveCardSigningKey(SECRET))).toBe(false);
    }
  });

  it("derives the card signing key from the webhook secret otherwise", () => {
    const config = loadConfig(real);
    expect(config.mode).toBe("real");
    if (config.mode === "real") {
      expect(config.cardSigningKey.equals(deriveCardSigningKey(SECRET))).toBe(true);
      expect(config.cardSigningKey.equals(Buffer.from(SECRET))).toBe(false);
    }
  });

  it("thrown errors are AppErrors", () => {
    expect(() => loadConfig({ ...real, PORT: "x" })).toThrow(AppError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/WEBEX_BOT_TOKEN/);
  });
});
