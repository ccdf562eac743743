import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Apollo's automatic persisted queries kept in Redis, so a hash registered on one instance is
 * known to every other (Apollo's default cache lives in one process). The shape is Apollo's
 * KeyValueCache; entries expire after Apollo's ttl (seconds) or ours.
 */
export interface ApqCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Queries not used for a day are dropped (clients register them again on a miss). */
const DEFAULT_TTL_SECONDS = 86_400;

export function createRedisApqCache(url: string, log: Logger, prefix = "crm-apq:"): ApqCache {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  // DESIGN trap 6: an ioredis client without an error listener crashes the process.
  redis.on("error", (error: Error) => log.warn({ err: error.message, client: "apq" }, "redis error"));
  return {
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key, value, options) {
      const ttl = options?.ttl === null ? null : (options?.ttl ?? DEFAULT_TTL_SECONDS);
      if (ttl === null) await redis.set(prefix + key, value);
      else await redis.set(prefix + key, value, "EX", Math.max(1, Math.ceil(ttl)));
    },
    async delete(key) {
      return (await redis.del(prefix + key)) > 0;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
