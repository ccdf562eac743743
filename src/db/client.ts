import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { getTableName, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseConfig } from "../config/config.js";
import { lockDataDir } from "./data-dir-lock.js";
import * as schema from "./schema/index.js";
import { countStatement } from "./statement-counter.js";

export type Schema = typeof schema;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, Schema, any>;

export interface Database {
  db: Db;
  kind: DatabaseConfig["kind"];
  /** Applies the SQL migrations in drizzle/ (under an advisory lock on PostgreSQL). */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** The pool's size and this instance's connections by state (PostgreSQL; null on PGlite). */
  stats(): Promise<{ poolMax: number; connections: Record<string, number> | null }>;
  close(): Promise<void>;
}

/** The drizzle/ folder of the nearest ancestor that has one (src/db, dist/db, dist-bench/src/db alike). */
function findMigrationsFolder(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "drizzle", "meta", "_journal.json"))) return join(dir, "drizzle");
  }
  throw new Error("drizzle/ migrations folder not found");
}
const migrationsFolder = findMigrationsFolder();
/** Any constant shared by all instances: serialises concurrent start-ups. */
const MIGRATION_LOCK_KEY = 720_451_903;
const logger = { logQuery: () => countStatement() };

export async function createDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === "postgres" ? createPostgres(config) : createPglite(config);
}

async function createPglite(config: Extract<DatabaseConfig, { kind: "pglite" }>): Promise<Database> {
  let unlock = () => {};
  if (config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    // PGlite is one process's database: a second one on the same files would lose writes.
    unlock = lockDataDir(config.dataDir);
  }
  let client: PGlite;
  try {
    client = new PGlite(config.dataDir ?? "memory://");
    await client.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  // No timeouts here: PGlite ignores statement_timeout, and idle_in_transaction_session_timeout
  // would end its only session for good (every later query hangs). They are PostgreSQL's.
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => {
      await client.query("select 1");
    },
    stats: async () => ({ poolMax: 1, connections: null }),
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

async function createPostgres(config: Extract<DatabaseConfig, { kind: "postgres" }>): Promise<Database> {
  // Unique per instance, so pg_stat_activity tells this instance's connections apart.
  const applicationName = `crm-graph/${hostname().slice(0, 30)}/${process.pid}/${randomBytes(3).toString("hex")}`;
  const client = postgres(config.url, {
    max: config.poolMax,
    onnotice: () => {},
    // Sent as startup parameters: every pooled connection gets them, with no extra round trip.
    connection: {
      application_name: applicationName,
      statement_timeout: config.timeouts.statementMs,
      idle_in_transaction_session_timeout: config.timeouts.idleInTransactionMs,
    },
  });
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    migrate: async () => {
      // One connection, so the session-level advisory lock covers every migration statement.
      const single = postgres(config.url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(single, { schema }), { migrationsFolder });
      } finally {
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
        await single.end({ timeout: 5 });
      }
    },
    ping: async () => {
      await client`select 1`;
    },
    stats: async () => {
      const rows = await client<{ state: string | null; n: number }[]>`
        select state, count(*)::int as n from pg_stat_activity where application_name = ${applicationName} group by state`;
      return { poolMax: config.poolMax, connections: Object.fromEntries(rows.map((r) => [r.state ?? "unknown", r.n])) };
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Rows of a raw statement, whichever driver ran it (PGlite answers { rows }, postgres.js an array). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/**
 * A column as `"table"."column"`. Drizzle names columns bare in a select list, where a subquery's
 * own table would capture them: a correlated subquery refers to the outer row's columns this way.
 */
export const qualified = (column: AnyPgColumn): SQL => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

export { sql };
