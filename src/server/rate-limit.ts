import type { RateLimitConfig } from "../config/config.js";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../modules/shared/errors.js";


/** Charges an operation's cost to a caller; answers the LIMIT_EXCEEDED error to send, or null. */
export interface RateLimiter {
  charge(caller: string, cost: number): Promise<RateLimitError | null>;
  /** Resolves once Redis is connected (at once without Redis; after `timeoutMs` regardless). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export class RateLimitError extends AppError {
  constructor(readonly retryAfterSeconds: number, max: number, windowSeconds: number) {
    super("LIMIT_EXCEEDED", `Rate limit of ${max} cost points per ${windowSeconds} s exceeded; retry after ${retryAfterSeconds} s`, {
      limit: "rate",
      max,
      retryAfterSeconds,
    });
  }
}

/**
 * Fixed windows per caller (a user token or an integration key; an address for anonymous calls),
 * weighted by operation cost, with rate-limiter-flexible: in Redis when configured, so every
 * instance draws on one budget, else in memory. When Redis fails, the in-memory limiter stands in.
 */
export function createRateLimiter(config: RateLimitConfig, redisUrl: string | null, log: Logger): RateLimiter {
  const options = { points: config.points, duration: config.windowSeconds, keyPrefix: config.keyPrefix };
  let redis: Redis | null = null;
  let connected: Promise<unknown> = Promise.resolve();
  let limiter: RateLimiterMemory | RateLimiterRedis;
  if (redisUrl) {
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    connected = new Promise((resolve) => redis!.once("ready", resolve));
    // DESIGN trap 6: an ioredis client needs its own error listener.
    redis.on("error", (error: Error) => log.warn({ err: error.message, client: "rate-limit" }, "redis error"));
    limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  } else {
    limiter = new RateLimiterMemory(options);
  }
  return {
    // Until Redis is ready, calls would go to the in-memory insurance limiter and split each
    // budget in two: the app waits for it before serving.
    async ready(timeoutMs = 5000) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
    async charge(caller, cost) {
      try {
        await limiter.consume(caller, Math.max(1, Math.ceil(cost)));
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return new RateLimitError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), config.points, config.windowSeconds);
        }
        log.error({ err: rejection }, "rate limiter failed; letting the operation through");
        return null;
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}

/** Whose budget an operation is charged to. */
export function callerOf(auth: { viewer?: { tokenId: number } | null; integration?: { keyId: number } | null } | null, address: string | undefined): string {
  if (auth?.viewer) return `token:${auth.viewer.tokenId}`;
  if (auth?.integration) return `key:${auth.integration.keyId}`;
  return `address:${address ?? "unknown"}`;
}

/** The same limiter, counting its refusals by caller kind (token, key, address) in the metrics. */
export function countRefusals(limiter: RateLimiter, metrics: { rateLimitRefusals: { inc(labels: { caller: string }): void } }): RateLimiter {
  return {
    ...limiter,
    async charge(caller, cost) {
      const refused = await limiter.charge(caller, cost);
      if (refused) metrics.rateLimitRefusals.inc({ caller: caller.slice(0, caller.indexOf(":")) || "other" });
      return refused;
    },
  };
}
