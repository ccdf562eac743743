import type { Logger } from "pino";
import type { Config } from "../../config/config.js";
import type { Db } from "../../db/client.js";
import type { PubSub } from "../../realtime/pubsub.js";
import type { StreamWatcher } from "../../realtime/stream-watcher.js";
import type { Metrics } from "../../telemetry/metrics.js";
import type { Integration, Viewer } from "./viewer.js";

/** What lives as long as the process and the modules may use: shared by every request. */
export interface ModuleDeps {
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
  /** Every module's `Node` types by typename: what `node(id:)` answers. */
  nodeFinders: ReadonlyMap<string, NodeFinder>;
  /** Authentications of recent callers (identity's auth-cache.ts), dropped on every access change. */
  authCache: AuthCache;
}

/**
 * A short-lived cache of who a secret authenticates, kept true by pub/sub: every change of access
 * in an org goes through `changed` or `revoked` after its transaction commits.
 */
export interface AuthCache {
  /** The cached value for `key`, else `load`'s (kept when `orgOf` gives its org, unless access changed meanwhile). */
  get<T>(key: string, load: () => Promise<T>, orgOf: (value: T) => number | null): Promise<T>;
  /** Access changed in the org (admin level, app roles, an integration key revoked): cached answers go, on every instance. */
  changed(orgId: number): void;
  /** A user's or a token's access ended: as `changed`, and every instance closes their WebSockets too. */
  revoked(payload: AccessChange): void;
  /** Calls `listener` for every access change, made here (at once) or on another instance; returns the unsubscribe. */
  onChange(listener: (change: AccessChange) => void): () => void;
}

/** An access change: in the org; with a user or a token, that one's access ended. */
export interface AccessChange {
  orgId: number;
  userId?: number;
  tokenId?: number;
}

/** Finds one object of a `Node` type by its database id, as the caller may see it; null otherwise. */
export type NodeFinder = (ctx: RequestContext, dbId: number) => Promise<unknown | null> | unknown | null;

/**
 * Each module's DataLoaders for one request, under the module's name (`ctx.loaders.timeline.…`).
 * A module adds its namespace from its loaders file, by declaration merging:
 *
 *     declare module "../shared/context.js" { interface Loaders { timeline: TimelineLoaders } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

/** Whom a module's loaders serve: made per request (and per pushed subscription batch), never shared. */
export interface LoaderScope {
  db: Db;
  viewer: Viewer | null;
  integration: Integration | null;
  /** The caller's org (a user's or an integration's); -1 for anonymous callers, which match nothing. */
  orgId: number;
}

/** Built once per HTTP request or WebSocket operation. Loaders never outlive it. */
export interface RequestContext extends ModuleDeps {
  requestId: string;
  viewer: Viewer | null;
  integration: Integration | null;
  loaders: Loaders;
  /** Replaces `loaders` with fresh ones: a subscription does so before each pushed batch (DESIGN trap 3). */
  renewLoaders(): void;
  /** The `X-Bootstrap-Secret` header, when sent. */
  bootstrapSecretHeader: string | null;
  /** Whose rate-limit budget this request draws on. */
  caller: string;
}
