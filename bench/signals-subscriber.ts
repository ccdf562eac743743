/**
 * WebSocket subscribers for bench/signals.ts, in a child process: one graphql-ws client (one
 * socket) per user, each with the user's own token, subscribed to
 *   subscription { notificationAdded { id cursor summary } }
 * Each notification is recorded with the time it arrived; `summary` is the signal's key.
 *
 * Requests: connect { url, users, parallel } -> { connected, failed, firstError } once every
 * client has its connection ack (or failed); count -> notifications received so far;
 * report -> everything received so far;
 * close -> disposes the clients.
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { nowMs, serve } from "./signals-ipc.js";

export interface ConnectRequest {
  url: string;
  /** index: the user's index in the bench (the owner of lead `index`). */
  users: { index: number; token: string }[];
  /** Connections being opened at once. */
  parallel: number;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

export interface SubscriberReport {
  /** [summary (the signal key), user index, arrival time] */
  received: [string, number, number][];
  errors: number;
  firstError: string | null;
  /** Sockets that closed or subscriptions that completed while the bench was running. */
  closed: number;
}

const QUERY = "subscription { notificationAdded { id cursor summary } }";

const clients: Client[] = [];
const received: SubscriberReport["received"] = [];
let errors = 0;
let closed = 0;
let firstError: string | null = null;
let closing = false;

const describe = (e: unknown) => {
  if (e instanceof Error) return e.message;
  if (Array.isArray(e)) return JSON.stringify(e).slice(0, 300);
  const ev = e as { code?: number; reason?: string };
  if (ev && typeof ev.code === "number") return `socket closed ${ev.code} ${ev.reason ?? ""}`;
  return String(e);
};

function subscribe(url: string, user: ConnectRequest["users"][number]): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean, error?: unknown) => {
      if (error !== undefined) {
        errors++;
        firstError ??= describe(error);
      }
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${user.token}` },
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: () => settle(true),
        closed: (event) => {
          if (closing) return;
          closed++;
          settle(false, event);
        },
        error: (error) => settle(false, error),
      },
    });
    clients.push(client);
    client.subscribe<{ notificationAdded: { id: string; cursor: string; summary: string } }>(
      { query: QUERY },
      {
        next: (result) => {
          const t = nowMs();
          const summary = result.data?.notificationAdded?.summary;
          if (summary) received.push([summary, user.index, t]);
          else {
            errors++;
            firstError ??= describe(result.errors ?? result);
          }
        },
        error: (error) => {
          if (!closing) settle(false, error);
        },
        complete: () => {
          if (!closing) closed++;
        },
      },
    );
  });
}

serve({
  async connect(r: ConnectRequest): Promise<ConnectResult> {
    const start = nowMs();
    let connected = 0;
    let failed = 0;
    let i = 0;
    await Promise.all(
      Array.from({ length: Math.min(r.parallel, r.users.length) }, async () => {
        while (i < r.users.length) {
          const user = r.users[i++]!;
          if (await subscribe(r.url, user)) connected++;
          else failed++;
        }
      }),
    );
    return { connected, failed, firstError, ms: nowMs() - start };
  },
  count(): number {
    return received.length;
  },
  report(): SubscriberReport {
    return { received, errors, firstError, closed };
  },
  async close() {
    closing = true;
    await Promise.all(clients.map((c) => c.dispose()));
    clients.length = 0;
    setTimeout(() => process.exit(0), 20);
    return true;
  },
});
