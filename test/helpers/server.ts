import "reflect-metadata";
import { constants, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { createClient, type Client } from "graphql-ws";
import postgres from "postgres";
import { inject } from "vitest";
import WebSocket from "ws";
import { loadConfig } from "../../src/config/config.js";
import { createApp, type RunningApp } from "../../src/server/app.js";

export const BOOTSTRAP_SECRET = "test-bootstrap-secret-0123456789";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors?: { message: string; path?: string[]; extensions: { code: string; field?: string; [k: string]: unknown } }[];
  extensions?: { sqlStatements?: number };
}

/** An operation as tests send it: its text, or a typed document from test/generated (codegen). */
export type Operation<T = Record<string, any>, V = Record<string, unknown>> = string | TypedDocumentNode<T, V>;

const printed = new WeakMap<DocumentNode, string>();
/** The text of an operation (a typed document is printed once). */
export function textOf(operation: Operation<any, any>): string {
  if (typeof operation === "string") return operation;
  let text = printed.get(operation);
  if (text === undefined) printed.set(operation, (text = print(operation)));
  return text;
}

export interface TestServer {
  app: RunningApp;
  url: string;
  wsUrl: string;
  target: "embedded" | "postgres";
  /** POST /graphql as the holder of `token`. */
  gql<T = Record<string, any>, V = Record<string, unknown>>(
    token: string | null,
    query: Operation<T, V>,
    variables?: V | Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client; closed when the server stops. */
  ws(token: string | null, options?: { onClose?: (code: number) => void; connectionParams?: Record<string, unknown> }): Client;
  stop(): Promise<void>;
}

/**
 * A real server on a free port: in-memory PGlite for the embedded target, the run's fresh
 * PostgreSQL database (and Redis when TEST_REDIS_URL is set) for the postgres target.
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  options: { embedded?: boolean; ownDatabase?: boolean } & Parameters<typeof createApp>[1] = {},
): Promise<TestServer> {
  // `embedded`: a private in-memory database whatever the target, for tests that damage it.
  const target = process.env.TEST_TARGET === "postgres" && !options.embedded ? "postgres" : "embedded";
  const env: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    BOOTSTRAP_SECRET,
    SEED_DEMO: "false",
    // The weekly averages job is started only by the tests that are about it.
    TIMELINE_AVERAGES_CHECK_SECONDS: "0",
    SOCIAL_TOP_DEALS_CHECK_SECONDS: "0",
    // Rate limits are tested at small budgets of their own; other suites are not throttled. Keys
    // are per server: token ids restart in each run's fresh database, Redis keys do not.
    RATE_LIMIT_POINTS: "100000000",
    RATE_LIMIT_KEY_PREFIX: `crm-rl-test-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    ...extraEnv,
  };
  // `ownDatabase` (PostgreSQL): a database of the server's own, dropped when it stops. The scale
  // tests take EXPLAIN plans over the data they generate; in the run's shared database the other
  // files' data and ANALYZEs would change the statistics, and so the plans, under them.
  let ownDatabase: { name: string; admin: ReturnType<typeof postgres> } | null = null;
  if (target === "postgres" && options.ownDatabase) {
    const admin = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    const name = `crm_test_own_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await admin.unsafe(`create database ${name}`);
    ownDatabase = { name, admin };
  }
  if (target === "postgres") {
    env.DATABASE_URL = inject("databaseUrl");
    if (ownDatabase) {
      const url = new URL(env.DATABASE_URL);
      url.pathname = `/${ownDatabase.name}`;
      env.DATABASE_URL = url.toString();
    }
    env.DATABASE_POOL_MAX = "4";
    if (process.env.TEST_REDIS_URL && !extraEnv.REDIS_URL) env.REDIS_URL = process.env.TEST_REDIS_URL;
  }
  const config = { ...loadConfig(env, ["--memory"]), exposeStatementCount: true };
  // An embedded database starts as a private copy of the migrated template that the global setup
  // provides (pglite-template.ts), removed when the server stops.
  const template = config.database.kind === "pglite" ? inject("pgliteTemplate") : undefined;
  let copy: string | null = null;
  if (template && config.database.kind === "pglite") {
    copy = mkdtempSync(join(tmpdir(), "crm-graph-test-db-"));
    cpSync(template, copy, { recursive: true, mode: constants.COPYFILE_FICLONE });
    config.database = { ...config.database, dataDir: copy };
  }
  const removeCopy = async () => {
    if (copy) rmSync(copy, { recursive: true, force: true });
    if (ownDatabase) {
      await ownDatabase.admin.unsafe(`drop database if exists ${ownDatabase.name} with (force)`);
      await ownDatabase.admin.end();
      ownDatabase = null;
    }
  };
  let app: RunningApp;
  try {
    app = await createApp(config, { log: options.log, spanProcessor: options.spanProcessor });
  } catch (error) {
    await removeCopy();
    throw error;
  }
  const port = await app.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  const clients: Client[] = [];
  return {
    app,
    url,
    wsUrl,
    target,
    async gql<T>(token: string | null, query: Operation<T, any>, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query: textOf(query), variables }),
      });
      const body = (await res.json()) as Omit<GraphQLResponse, "status">;
      return { status: res.status, ...body } as GraphQLResponse<T>;
    },
    ws(token, options = {}) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
        connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.connectionParams },
        on: { closed: (event) => options.onClose?.((event as { code: number }).code) },
      });
      clients.push(client);
      return client;
    },
    async stop() {
      try {
        await Promise.all(clients.map((c) => c.dispose()));
        await app.stop();
      } finally {
        await removeCopy();
      }
    },
  };
}

/** Runs one operation over a graphql-ws client and returns its single result. */
export function wsRequest<T = Record<string, any>>(client: Client, query: Operation<T, any>, variables?: Record<string, unknown>) {
  return new Promise<{ data?: T | null; errors?: GraphQLResponse["errors"] }>((resolve, reject) => {
    let result: { data?: T | null; errors?: GraphQLResponse["errors"] } | undefined;
    client.subscribe<T>(
      { query: textOf(query), variables },
      {
        next: (value) => {
          result = value as typeof result;
        },
        error: reject,
        complete: () => resolve(result ?? {}),
      },
    );
  });
}

/**
 * One operation over a graphql-ws client: its last result, or the errors it ended with (the
 * socket stays up). With `stopAfterMs`, an operation still open then (a quiet subscription) is
 * stopped and its result so far returned.
 */
export function wsResult<T = Record<string, any>>(client: Client, query: Operation<T, any>, variables?: Record<string, unknown>, stopAfterMs?: number) {
  return new Promise<{ data?: T | null; errors?: GraphQLResponse["errors"] }>((resolve) => {
    let result: { data?: T | null; errors?: GraphQLResponse["errors"] } = {};
    const stop = client.subscribe<T>(
      { query: textOf(query), variables },
      {
        next: (value) => (result = value as typeof result),
        error: (errors) => resolve({ errors: errors as GraphQLResponse["errors"] }),
        complete: () => resolve(result),
      },
    );
    if (stopAfterMs !== undefined) {
      setTimeout(() => {
        stop();
        resolve(result);
      }, stopAfterMs);
    }
  });
}
