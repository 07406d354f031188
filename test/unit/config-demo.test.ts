import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

// The demo is local: it listens on loopback and writes no file unless the environment says otherwise.
describe("loadConfig: what keeps the demo local", () => {
  it("demo without HOST or AUDIT_LOG_PATH: no interface and no audit file chosen (loopback, in memory)", () => {
    const demo = loadConfig({});
    expect(demo.mode).toBe("demo");
    expect(demo).toMatchObject({ host: undefined, auditLogPath: undefined });
  });

  it("demo honours HOST and an explicit AUDIT_LOG_PATH", () => {
    expect(loadConfig({ HOST: " 0.0.0.0 ", AUDIT_LOG_PATH: "/tmp/demo-audit.jsonl" })).toMatchObject({
      mode: "demo",
      host: "0.0.0.0",
      auditLogPath: "/tmp/demo-audit.jsonl",
    });
  });

  it("real mode still defaults AUDIT_LOG_PATH to ./data/audit.jsonl", () => {
    const real = loadConfig({
      WEBEX_BOT_TOKEN: "bot-token-value",
      WEBEX_ADMIN_TOKEN: "admin-token-value",
      WEBEX_WEBHOOK_SECRET: "a-webhook-secret-of-some-length",
      PUBLIC_URL: "https://park-bot.example.com",
      ALLOWED_EMAILS: "alice@example.com",
    });
    expect(real).toMatchObject({ mode: "real", auditLogPath: "./data/audit.jsonl" });
  });
});
