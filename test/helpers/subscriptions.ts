import type { Client } from "graphql-ws";
import WebSocket from "ws";
import { textOf, type GraphQLResponse, type Operation, type TestServer } from "./server.js";

export interface Collected<T> {
  results: { data?: T | null; errors?: GraphQLResponse["errors"] }[];
  completed: boolean;
  /** Resolves once `n` results have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>;
  /** Resolves once the server completed the subscription. */
  waitForComplete(ms?: number): Promise<void>;
  stop(): void;
}

/** Subscribes and collects every result; the caller waits for counts, not for time. */
export function collect<T = Record<string, any>>(client: Client, query: Operation<T, any>, variables?: Record<string, unknown>): Collected<T> {
  let waiters: (() => boolean)[] = [];
  const state: Collected<T> = {
    results: [],
    completed: false,
    waitFor: (n, ms = 10_000) => until(() => state.results.length >= n, ms, `${n} results (got ${state.results.length})`),
    waitForComplete: (ms = 10_000) => until(() => state.completed, ms, "completion"),
    stop: () => unsubscribe(),
  };
  const until = (done: () => boolean, ms: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      waiters.push(() => {
        if (!done()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      });
    });
  const wake = () => {
    waiters = waiters.filter((w) => !w());
  };
  const unsubscribe = client.subscribe<T>(
    { query: textOf(query), variables },
    {
      next: (value) => {
        state.results.push(value as Collected<T>["results"][number]);
        wake();
      },
      error: (error) => {
        // graphql-ws hands operation errors over as an array of GraphQL errors, socket failures as an event.
        const errors = Array.isArray(error)
          ? (error as GraphQLResponse["errors"])
          : [{ message: String((error as Error)?.message ?? error), extensions: { code: "SOCKET" } }];
        state.results.push({ errors });
        state.completed = true;
        wake();
      },
      complete: () => {
        state.completed = true;
        wake();
      },
    },
  );
  return state;
}

/**
 * Resolves once the socket has answered an operation sent after the subscriptions before it:
 * by then those subscriptions are set up and listening.
 */
export async function settled(client: Client) {
  await new Promise<void>((resolve, reject) =>
    client.subscribe({ query: "{ __typename }" }, { next: () => {}, error: reject, complete: resolve }),
  );
}

/** A raw WebSocket speaking graphql-ws, to send what the client library would not. */
export function rawSocket(server: TestServer, headers: Record<string, string> = {}) {
  const socket = new WebSocket(server.wsUrl, "graphql-transport-ws", { headers });
  const messages: any[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const until = async (check: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return check();
  };
  return { socket, messages, closed, opened, until };
}
