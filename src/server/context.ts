import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { Db } from "../db/client.js";
import type { PubSub } from "../realtime/pubsub.js";
import type { StreamWatcher } from "../realtime/stream-watcher.js";
import type { Metrics } from "./metrics.js";
import type { Integration, Viewer } from "../modules/shared/viewer.js";
import { randomUUID } from "node:crypto";
import type { Authentication } from "../modules/identity/identity.service.js";
import { createLoaders, type Loaders } from "./loaders.js";
import { callerOf, type RateLimiter } from "./rate-limit.js";

/** What lives as long as the process: shared by every request. */
export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  pubsub: PubSub;
  /** Every live subscription stream of this instance, so none waits on a lost pub/sub message. */
  streams: StreamWatcher;
  /** The instance's Prometheus metrics. */
  metrics: Metrics;
  /** The bootstrap secret in force, or null when bootstrap is disabled. */
  bootstrapSecret: string | null;
  rateLimiter: RateLimiter;
}

/** Built once per HTTP request or WebSocket operation. Loaders never outlive it. */
export interface RequestContext extends AppDeps {
  requestId: string;
  viewer: Viewer | null;
  integration: Integration | null;
  loaders: Loaders;
  /** The `X-Bootstrap-Secret` header, when sent. */
  bootstrapSecretHeader: string | null;
  /** Whose rate-limit budget this request draws on. */
  caller: string;
}

export function buildContext(
  deps: AppDeps,
  auth: Authentication | null,
  extra: { requestId?: string; bootstrapSecretHeader?: string | null; address?: string } = {},
): RequestContext {
  const viewer = auth?.viewer ?? null;
  return {
    ...deps,
    requestId: extra.requestId ?? randomUUID(),
    viewer,
    integration: auth?.integration ?? null,
    loaders: createLoaders(deps.db, viewer, auth?.integration ?? null),
    bootstrapSecretHeader: extra.bootstrapSecretHeader ?? null,
    caller: callerOf(auth, extra.address),
  };
}
