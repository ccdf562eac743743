import { and, desc, eq, getTableColumns, getTableName, lte, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { prepared } from "../../db/prepared.js";
import type { Cursor } from "../shared/connection.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRow = any;

/**
 * The children of many parents (a contact's deals, a record's notes or tasks), for DataLoaders:
 * one statement for every parent of a page. The statement's shape depends only on which
 * filters are present, so it is prepared once per shape and run with placeholders.
 */
export interface ChildQuery {
  table: PgTable & { id: PgColumn; orgId: PgColumn; createdAt: PgColumn };
  parentColumn: PgColumn;
  orgId: number;
  parentIds: readonly number[];
  /** Equality filters, e.g. record type or owner. */
  equals?: [PgColumn, string | number][];
  /** A condition without parameters, and a name for it in the statement's key. */
  fixed?: { name: string; condition: SQL };
}

function shapeKey(kind: string, q: ChildQuery, after: boolean) {
  const equals = (q.equals ?? []).map(([c]) => c.name).join(",");
  return `${kind}:${getTableName(q.table)}:${q.parentColumn.name}:${equals}:${q.fixed?.name ?? ""}:${after}`;
}

function childWhere(q: ChildQuery, after: boolean) {
  return and(
    eq(q.table.orgId, sql.placeholder("orgId")),
    sql`${q.parentColumn} = any(${sql.placeholder("parentIds")})`,
    ...(q.equals ?? []).map(([column], i) => eq(column, sql.placeholder(`e${i}`))),
    q.fixed?.condition,
    after
      ? sql`(${q.table.createdAt}, ${q.table.id}) < (${sql.placeholder("afterAt")}::timestamptz, ${sql.placeholder("afterId")})`
      : undefined,
  );
}

function params(q: ChildQuery, extra: Record<string, unknown> = {}) {
  const values: Record<string, unknown> = { orgId: q.orgId, parentIds: [...q.parentIds], ...extra };
  (q.equals ?? []).forEach(([, value], i) => (values[`e${i}`] = value));
  return values;
}

/** Newest first, at most `limit` per parent: row_number() over a partition per parent. */
export async function listChildren(db: Db, q: ChildQuery & { limit: number; after: Cursor | null }): Promise<AnyRow[]> {
  if (q.parentIds.length === 0) return [];
  const after = q.after !== null;
  const statement = prepared(db, shapeKey("list", q, after), () => {
    const ranked = (db
      .select({
        ...getTableColumns(q.table),
        rn: sql<number>`row_number() over (partition by ${q.parentColumn} order by ${q.table.createdAt} desc, ${q.table.id} desc)`.as("rn"),
      })
      .from(q.table) as AnyRow)
      .where(childWhere(q, after))
      .as("ranked");
    return (db.select().from(ranked) as AnyRow)
      .where(lte(ranked.rn, sql.placeholder("limit")))
      .orderBy(desc(ranked.createdAt), desc(ranked.id))
      .prepare(shapeKey("list", q, after));
  });
  return statement.execute(
    params(q, { limit: q.limit, ...(q.after ? { afterAt: String(q.after.value), afterId: q.after.id } : {}) }),
  );
}

export async function countChildren(db: Db, q: ChildQuery): Promise<Map<number, number>> {
  if (q.parentIds.length === 0) return new Map();
  const statement = prepared(db, shapeKey("count", q, false), () =>
    (db.select({ parent: q.parentColumn, n: sql<number>`count(*)::int` }).from(q.table) as AnyRow)
      .where(childWhere(q, false))
      .groupBy(q.parentColumn)
      .prepare(shapeKey("count", q, false)),
  );
  const rows: { parent: number; n: number }[] = await statement.execute(params(q));
  return new Map(rows.map((r) => [Number(r.parent), r.n]));
}
