/**
 * WORKAROUND (bench only) for a bug in src/db/client.ts: on PostgreSQL, `migrate()` hands a
 * reserved postgres.js connection (`client.reserve()`) to drizzle, but a reserved connection has
 * neither `options` (drizzle's driver reads `client.options.parsers` -> TypeError) nor `begin`
 * (drizzle's migrator runs in `session.transaction` -> `client.begin`). So `createApp()` cannot
 * start on PostgreSQL at all.
 *
 * bench/hooks.ts resolves `postgres` to this module for src/db/client.js only. It returns the real
 * postgres.js client, except that reserved connections also get the pool's `options` and a
 * minimal `begin(fn)` (BEGIN / COMMIT / ROLLBACK on that same connection). Nothing else changes:
 * request handling never reserves connections. Remove once src/db/client.ts is fixed.
 */
import postgres from "postgres";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySql = any;

function patched(this: unknown, ...args: unknown[]) {
  const sql: AnySql = (postgres as AnySql)(...args);
  const reserve = sql.reserve;
  sql.reserve = async () => {
    const reserved: AnySql = await reserve();
    if (!reserved.options) reserved.options = sql.options;
    if (!reserved.begin) {
      reserved.begin = async (optionsOrFn: unknown, maybeFn?: (tx: AnySql) => Promise<unknown>) => {
        const fn = (typeof optionsOrFn === "function" ? optionsOrFn : maybeFn) as (tx: AnySql) => Promise<unknown>;
        await reserved.unsafe(typeof optionsOrFn === "string" ? `begin ${optionsOrFn}` : "begin");
        try {
          const result = await fn(reserved);
          await reserved.unsafe("commit");
          return result;
        } catch (error) {
          await reserved.unsafe("rollback").catch(() => {});
          throw error;
        }
      };
    }
    return reserved;
  };
  return sql;
}

export default Object.assign(patched, postgres) as typeof postgres;
