import { EventEmitter, on } from "node:events";
import { RedisPubSub } from "graphql-redis-subscriptions";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Topics, declared once and typed. Scoped by id, so a delivery wakes only the subscribers of
 * that id (and, with Redis, only the instances holding them). Payloads are ids and ISO strings:
 * Postgres is the truth, pub/sub only says where to look.
 */
export interface Topics {
  [topic: string]: unknown;
}

/** type-graphql's PubSub shape: `subscribe(topic, id?)` returns an AsyncIterable. */
export interface PubSub {
  publish(topic: string, ...args: unknown[]): void;
  subscribe(topic: string, id?: string | number): AsyncIterable<unknown>;
  /** Readiness: true when the transport is connected. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

const keyOf = (topic: string, id?: string | number) => (id === undefined ? topic : `${topic}:${id}`);

/** In-process pub/sub for the embedded single-instance mode. */
export function createLocalPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(topic, ...args) {
      // publish(topic, payload) or publish(topic, id, payload), as type-graphql does.
      const [id, payload] = args.length > 1 ? (args as [string | number, unknown]) : [undefined, args[0]];
      emitter.emit(keyOf(topic, id), payload);
    },
    subscribe(topic, id) {
      const key = keyOf(topic, id);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const [payload] of on(emitter, key)) yield payload;
        },
      };
    },
    ready: async () => true,
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/** Redis pub/sub between instances (SIG-22). Each client has its own error listener (DESIGN trap 6). */
export function createRedisPubSub(url: string, log: Logger): PubSub {
  const options = { maxRetriesPerRequest: null, enableAutoPipelining: true, lazyConnect: false };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [name, client] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    client.on("error", (error: Error) => log.warn({ err: error.message, client: name }, "redis error"));
  }
  const redis = new RedisPubSub({ publisher, subscriber });
  return {
    publish(topic, ...args) {
      const [id, payload] = args.length > 1 ? (args as [string | number, unknown]) : [undefined, args[0]];
      redis.publish(keyOf(topic, id), payload).catch((error: Error) => log.error({ err: error.message, topic }, "publish failed"));
    },
    subscribe(topic, id) {
      return redis.asyncIterableIterator(keyOf(topic, id)) as AsyncIterable<unknown>;
    },
    ready: async () => {
      try {
        return (await publisher.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    close: async () => {
      await redis.close();
    },
  };
}
