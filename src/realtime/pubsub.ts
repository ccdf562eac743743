import { EventEmitter } from "node:events";
import { RedisPubSub } from "graphql-redis-subscriptions";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Topics, declared once and typed. Each is scoped by an id (`notifications:<userId>`,
 * `timeline:<recordType>:<recordId>`), so a delivery wakes only that id's subscribers and, with
 * Redis, only the instances holding them. Payloads are ids: Postgres is the truth, pub/sub only
 * says where to look (DESIGN: real-time path).
 */
export interface Topics {
  notifications: { seq: number };
  /** A new entry; or the record is gone (deleted, or converted into the contact `movedTo`). */
  timeline: { entryId: number } | { gone: true; movedTo: string | null };
  /**
   * A user's or a token's access ended (deactivation, deletion, revocation): every instance closes
   * the WebSockets authenticated as them; or what a user may do changed (org alone): cached
   * authentications go (identity/auth-cache.ts). One id for all: `ACCESS_REVOKED`.
   */
  access: { orgId: number; userId?: number; tokenId?: number };
}

export interface PubSub {
  publish<T extends keyof Topics>(topic: T, id: string | number, payload: Topics[T]): void;
  /**
   * Calls `onMessage` for each message on the topic until the returned function is called.
   * Resolves once the subscription is in place: anything published after that is delivered.
   */
  listen<T extends keyof Topics>(topic: T, id: string | number, onMessage: (payload: Topics[T]) => void): Promise<() => void>;
  /**
   * Calls `listener` each time the transport has (re)connected and every topic is subscribed
   * again. Messages published while it was away are lost (DESIGN trap 7): live streams re-read
   * PostgreSQL then.
   */
  onReconnect(listener: () => void): void;
  /** Whether the transport is connected now (no round trip), for the metrics. */
  connected(): boolean;
  /** Readiness: true when the transport is connected; answers within `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const keyOf = (topic: string, id: string | number) => `${topic}:${id}`;

/** In-process pub/sub for the embedded single-instance mode. */
export function createLocalPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(topic, id, payload) {
      // Asynchronously, as a broker would: a publisher never runs subscribers' code inline.
      setImmediate(() => emitter.emit(keyOf(topic, id), payload));
    },
    async listen(topic, id, onMessage) {
      const key = keyOf(topic, id);
      const listener = onMessage as (payload: unknown) => void;
      emitter.on(key, listener);
      return () => emitter.off(key, listener);
    },
    // In process, nothing is lost and there is nothing to reconnect.
    onReconnect: () => {},
    connected: () => true,
    ready: async () => true,
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/** Redis pub/sub between instances (SIG-22). Each client has its own error listener (DESIGN trap 6). */
export function createRedisPubSub(url: string, log: Logger): PubSub {
  const options = { maxRetriesPerRequest: null };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [name, client] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    client.on("error", (error: Error) => log.warn({ err: error.message, client: name }, "redis error"));
  }
  // RedisPubSub drops the promise of its UNSUBSCRIBE; while Redis is away that command waits in
  // the offline queue and rejects when the connection is dropped at shutdown, unhandled. The
  // subscription is gone with the connection anyway.
  const unsubscribe = subscriber.unsubscribe.bind(subscriber);
  subscriber.unsubscribe = ((...args: Parameters<typeof unsubscribe>) => {
    const pending = unsubscribe(...args);
    pending.catch(() => {});
    return pending;
  }) as typeof subscriber.unsubscribe;
  const redis = new RedisPubSub({ publisher, subscriber });
  const reconnected = new Set<() => void>();
  // "ready" is emitted before ioredis re-sends SUBSCRIBE for the topics it had; a PING queued
  // behind those is answered after them, so by then every topic is subscribed again.
  subscriber.on("ready", () => {
    subscriber.ping().then(
      () => {
        for (const listener of reconnected) listener();
      },
      () => {},
    );
  });
  // Streams may end (and unsubscribe) after close() during shutdown; ioredis would then reject
  // "Connection is closed" from inside RedisPubSub, unhandled. After close, unsubscribing is moot.
  let closed = false;
  return {
    publish(topic, id, payload) {
      if (closed) return;
      redis.publish(keyOf(topic, id), payload).catch((error: Error) => log.error({ err: error.message, topic }, "publish failed"));
    },
    async listen(topic, id, onMessage) {
      const subId = await redis.subscribe(keyOf(topic, id), onMessage as (payload: unknown) => void);
      return () => {
        if (!closed) redis.unsubscribe(subId);
      };
    },
    onReconnect: (listener) => {
      reconnected.add(listener);
    },
    connected: () => publisher.status === "ready" && subscriber.status === "ready",
    ready: async (timeoutMs) => {
      // While disconnected a PING would wait in ioredis's offline queue: answer at once instead.
      if (publisher.status !== "ready" || subscriber.status !== "ready") return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([publisher.ping().then((r) => r === "PONG", () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      closed = true;
      // QUIT waits in the offline queue while Redis is away, which would hang a shutdown: it is
      // given a second, then the connections are dropped.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([redis.close().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
      clearTimeout(timer);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
