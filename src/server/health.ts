import type { Express } from "express";
import type { Config } from "../config/config.js";
import type { Database } from "../db/client.js";
import type { PubSub } from "../realtime/pubsub.js";

/**
 * `/healthz`: the process can serve. `/readyz`: its dependencies answer, within
 * READY_TIMEOUT_MS whatever is down, so a load balancer routes away instead of timing out.
 */
export function mountHealth(app: Express, { database, pubsub, config }: { database: Database; pubsub: PubSub; config: Config }) {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const within = <T>(check: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        check.then(() => true, () => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), config.readyTimeoutMs))),
      ]).finally(() => clearTimeout(timer));
    };
    const [databaseUp, redisUp] = await Promise.all([within(database.ping()), config.redis ? pubsub.ready(config.readyTimeoutMs) : null]);
    const checks: Record<string, boolean> = { database: databaseUp };
    if (redisUp !== null) checks.redis = redisUp;
    const down = Object.keys(checks).filter((name) => !checks[name]);
    res.status(down.length ? 503 : 200).json({ status: down.length ? "unavailable" : "ready", checks, ...(down.length ? { down } : {}) });
  });
}
