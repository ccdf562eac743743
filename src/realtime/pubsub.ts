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
  timeline: { entryId: number };
}

export interface PubSub {
  publish<T extends keyof Topics>(topic: T, id: string | number, payload: Topics[T]): void;
  /**
   * Calls `onMessage` for each message on the topic until the returned function is called.
   * Resolves once the subscription is in place: anything published after that is delivered.
   */
  listen<T extends keyof Topics>(topic: T, id: string | number, onMessage: (payload: Topics[T]) => void): Promise<() => void>;
  /** Readiness: true when the transport is connected. */
  ready(): Promise<boolean>;
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
  const redis = new RedisPubSub({ publisher, subscriber });
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
    ready: async () => {
      try {
        return (await publisher.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    close: async () => {
      closed = true;
      await redis.close();
    },
  };
}
