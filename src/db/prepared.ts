import type { Db } from "./client.js";

/**
 * Drizzle builds SQL text anew on every call, and for a small query that costs more than the
 * round trip. Statements whose shape is fixed are built once per database (and shape key) and
 * run with placeholders: `sql.placeholder("name")` for values.
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, key: string, build: () => T): T {
  let byKey = cache.get(db);
  if (!byKey) cache.set(db, (byKey = new Map()));
  let statement = byKey.get(key) as T | undefined;
  if (!statement) byKey.set(key, (statement = build()));
  return statement;
}
