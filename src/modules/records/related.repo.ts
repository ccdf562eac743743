import { and, desc, eq, getTableColumns, inArray, lte, or, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import type { Cursor } from "../shared/connection.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRow = any;

/**
 * The children of many parents, newest first, at most `limit` per parent, in one statement:
 * row_number() over a partition per parent, served by an (org, parent, created_at, id) index.
 * Used by DataLoaders: one query for every parent in a page.
 */
export interface ChildQuery {
  table: PgTable & { id: PgColumn; orgId: PgColumn; createdAt: PgColumn };
  parentColumn: PgColumn;
  orgId: number;
  parentIds: readonly number[];
  conditions?: (SQL | undefined)[];
}

const childWhere = (q: ChildQuery, after: Cursor | null) =>
  and(
    eq(q.table.orgId, q.orgId),
    inArray(q.parentColumn, [...q.parentIds]),
    ...(q.conditions ?? []),
    after
      ? or(
          lt(q.table.createdAt, new Date(String(after.value))),
          and(eq(q.table.createdAt, new Date(String(after.value))), lt(q.table.id, after.id)),
        )
      : undefined,
  );

export async function listChildren(db: Db, q: ChildQuery & { limit: number; after: Cursor | null }): Promise<AnyRow[]> {
  if (q.parentIds.length === 0) return [];
  if (q.parentIds.length === 1) {
    return (db.select().from(q.table) as AnyRow)
      .where(childWhere(q, q.after))
      .orderBy(desc(q.table.createdAt), desc(q.table.id))
      .limit(q.limit);
  }
  const ranked = (db
    .select({
      ...getTableColumns(q.table),
      rn: sql<number>`row_number() over (partition by ${q.parentColumn} order by ${q.table.createdAt} desc, ${q.table.id} desc)`.as("rn"),
    })
    .from(q.table) as AnyRow)
    .where(childWhere(q, q.after))
    .as("ranked");
  return (db.select().from(ranked) as AnyRow).where(lte(ranked.rn, q.limit)).orderBy(desc(ranked.createdAt), desc(ranked.id));
}

export async function countChildren(db: Db, q: ChildQuery): Promise<Map<number, number>> {
  if (q.parentIds.length === 0) return new Map();
  const rows: { parent: number; n: number }[] = await (db
    .select({ parent: q.parentColumn, n: sql<number>`count(*)::int` })
    .from(q.table) as AnyRow)
    .where(childWhere(q, null))
    .groupBy(q.parentColumn);
  return new Map(rows.map((r) => [Number(r.parent), r.n]));
}
