import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { RefreshTokenStore } from "./refresh-token-store.js";

export interface RedisRefreshTokenStoreOptions {
  redis: Redis;
  clientId: string;
  /** Encrypts the stored token: Redis (and its dumps) never hold a usable refresh token. */
  clientSecret: string;
  /** The configured `WEBEX_REFRESH_TOKEN`: when an operator changes it, the stored one is ignored. */
  configuredRefreshToken: string;
  prefix?: string;
}

/**
 * The rotated refresh token in Redis, shared by every instance, AES-256-GCM-encrypted with a key
 * derived from the client secret (HKDF). Each record names the configured refresh token it grew
 * from (by hash): a new `WEBEX_REFRESH_TOKEN` (the app was re-authorized) outranks what is stored.
 */
export function createRedisRefreshTokenStore(options: RedisRefreshTokenStoreOptions): RefreshTokenStore {
  const origin = fingerprint(options.configuredRefreshToken);
  // Per app and per authorization: two deployments of one integration never overwrite each other.
  const key = `${options.prefix ?? "park-bot:"}admin-refresh-token:${fingerprint(options.clientId)}:${origin}`;
  const cipherKey = Buffer.from(
    hkdfSync("sha256", options.clientSecret, "park-bot", "refresh-token-store v1", 32),
  );

  return {
    load: async () => {
      const raw = await options.redis.get(key);
      if (raw === null) return undefined;
      try {
        const record = JSON.parse(raw) as { origin: string; iv: string; tag: string; data: string };
        if (record.origin !== origin) return undefined;
        const decipher = createDecipheriv("aes-256-gcm", cipherKey, Buffer.from(record.iv, "base64"));
        decipher.setAuthTag(Buffer.from(record.tag, "base64"));
        return Buffer.concat([
          decipher.update(Buffer.from(record.data, "base64")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        // Written under another client secret, or damaged: the configured token is the fallback.
        return undefined;
      }
    },
    save: async (refreshToken) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", cipherKey, iv);
      const data = Buffer.concat([cipher.update(refreshToken, "utf8"), cipher.final()]);
      await options.redis.set(
        key,
        JSON.stringify({
          origin,
          iv: iv.toString("base64"),
          tag: cipher.getAuthTag().toString("base64"),
          data: data.toString("base64"),
        }),
      );
    },
  };
}

function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}
