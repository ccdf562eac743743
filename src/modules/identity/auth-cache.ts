import type { Logger } from "pino";
import type { PubSub } from "../../realtime/pubsub.js";
import type { AccessChange, AuthCache } from "../shared/context.js";

/** The one id of the `access` topic: every change of who may do what in an org is published there. */
export const ACCESS_REVOKED = "revoked";

/**
 * Authentications by secret hash, so a request does not read the token, the user and their app
 * roles again each time (issue 17: one statement per request less).
 *
 * A cached answer is never staler than the pub/sub that tells every instance about an access
 * change (`access` topic: revocation, deactivation, deletion, admin level, app roles, integration
 * key revoked): each such change drops the org's entries here at once, and on the other instances
 * when the message arrives. While the transport is away, or not yet listening, nothing is served
 * from the cache (messages published meanwhile are lost, DESIGN trap 7); when it is back, the
 * cache starts empty. `ttlMs` bounds an entry's life all the same; 0 turns the cache off.
 *
 * A lookup that began before a change must not store what it read then: a value is stored only
 * if its org's access did not change (and the cache was not cleared) while it was loaded.
 *
 * `onChange` listeners (the WebSocket server, which closes the sockets of revoked access) hear of
 * a change made on this instance at once, and of the others' through pub/sub.
 */
export function createAuthCache(pubsub: PubSub, options: { ttlMs: number; maxEntries?: number; log: Logger }): AuthCache & { close(): void } {
  const maxEntries = options.maxEntries ?? 10_000;
  const listeners = new Set<(payload: AccessChange) => void>();
  const notify = (payload: AccessChange) => {
    for (const listener of listeners) listener(payload);
  };
  const entries = new Map<string, { orgId: number; value: unknown; expires: number }>();
  // Every change takes the next number; a lookup keeps what it read only if neither its org nor
  // the whole cache changed since it began.
  let seq = 0;
  let clearedAt = 0;
  const changedAt = new Map<number, number>();
  let listening = false;
  let unlisten: (() => void) | null = null;
  let closed = false;

  const dropOrg = (orgId: number) => {
    changedAt.set(orgId, ++seq);
    for (const [key, entry] of entries) if (entry.orgId === orgId) entries.delete(key);
  };
  const clear = () => {
    clearedAt = ++seq;
    changedAt.clear();
    entries.clear();
  };

  pubsub.onReconnect(clear);
  // Messages from every instance, this one's included (whose listeners were told at once already:
  // a second time changes nothing).
  pubsub
    .listen("access", ACCESS_REVOKED, (payload) => {
      dropOrg(payload.orgId);
      notify(payload);
    })
    .then(
      (stop) => {
        if (closed) return stop();
        unlisten = stop;
        clear();
        listening = options.ttlMs > 0;
      },
      (error: unknown) => options.log.error({ err: error }, "could not listen for access changes"),
    );

  return {
    async get(key, load, orgOf) {
      const usable = () => listening && pubsub.connected();
      if (usable()) {
        const hit = entries.get(key);
        if (hit && hit.expires > Date.now()) return hit.value as Awaited<ReturnType<typeof load>>;
        if (hit) entries.delete(key);
      }
      const started = seq;
      const value = await load();
      const orgId = orgOf(value);
      if (orgId !== null && usable() && clearedAt <= started && (changedAt.get(orgId) ?? 0) <= started) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { orgId, value, expires: Date.now() + options.ttlMs });
      }
      return value;
    },
    changed(orgId) {
      dropOrg(orgId);
      notify({ orgId });
      pubsub.publish("access", ACCESS_REVOKED, { orgId });
    },
    revoked(payload) {
      dropOrg(payload.orgId);
      notify(payload);
      pubsub.publish("access", ACCESS_REVOKED, payload);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      listening = false;
      entries.clear();
      listeners.clear();
      unlisten?.();
    },
  };
}
