import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { prepared } from "../../db/prepared.js";
import type { Cursor, PageRequest } from "../shared/connection.js";
import type { CrmScope } from "../shared/viewer.js";
import { contacts, tasks } from "../../db/schema/index.js";
import { dealStatsOf } from "./deal.repo.js";
import { closedDeal, openDeal } from "./deal-stage.js";
import { isCustomerType, type RecordKind, type RecordTable } from "./record-kind.js";
import { TaskStatus } from "./record.type.js";

export type SortField = "CREATED_AT" | "UPDATED_AT" | "NAME";
export type SortDirection = "ASC" | "DESC";
export interface Sort {
  field: SortField;
  direction: SortDirection;
}

// Every record table has these columns; drizzle cannot see that through a union of tables.
type Common = {
  id: PgColumn;
  orgId: PgColumn;
  ownerId: PgColumn;
  createdAt: PgColumn;
  updatedAt: PgColumn;
};
const cols = (table: RecordTable) => table as unknown as Common;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRow = any;

/** Org first, then CORE-4's owner rule for plain users. */
export function scopeCondition(table: RecordTable, scope: CrmScope): SQL {
  const t = cols(table);
  return scope.all ? eq(t.orgId, scope.orgId) : and(eq(t.orgId, scope.orgId), eq(t.ownerId, scope.ownerId))!;
}

export function sortColumn(kind: RecordKind, field: SortField): PgColumn {
  const t = cols(kind.table);
  return field === "CREATED_AT" ? t.createdAt : field === "UPDATED_AT" ? t.updatedAt : kind.nameColumn;
}

export const sortKey = (sort: Sort) => `${sort.field}:${sort.direction}`;

export function cursorOf(kind: RecordKind, sort: Sort, row: AnyRow): Cursor {
  const value =
    sort.field === "CREATED_AT" ? row.createdAt : sort.field === "UPDATED_AT" ? row.updatedAt : row[nameProperty(kind)];
  // A row, or a model made of one (its id the global ID, dbId the database id).
  return { key: sortKey(sort), value: value instanceof Date ? value.toISOString() : value, id: row.dbId ?? row.id };
}

const nameProperty = (kind: RecordKind) =>
  ({ lead: "lastName", contact: "lastName", account: "name", deal: "name", task: "subject" })[kind.type];

/** Rows strictly after the cursor in the list's order: a row comparison the (org, sort, id) index serves. */
export function keysetCondition(kind: RecordKind, sort: Sort, after: Cursor | null): SQL | undefined {
  if (!after) return undefined;
  const column = sortColumn(kind, sort.field);
  const id = cols(kind.table).id;
  const value = sort.field === "NAME" ? sql`${String(after.value)}::text` : sql`${String(after.value)}::timestamptz`;
  return sort.direction === "DESC" ? sql`(${column}, ${id}) < (${value}, ${after.id})` : sql`(${column}, ${id}) > (${value}, ${after.id})`;
}

function searchCondition(kind: RecordKind, search: string | null | undefined): SQL | undefined {
  const term = search?.trim();
  if (!term) return undefined;
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const conditions = kind.searchColumns.map((c) => ilike(c, pattern));
  if (isCustomerType(kind.type)) {
    const t = kind.table as unknown as { firstName: PgColumn; lastName: PgColumn };
    conditions.push(sql`(coalesce(${t.firstName}, '') || ' ' || ${t.lastName}) ilike ${pattern}`);
  }
  return or(...conditions);
}

/**
 * What a record list is filtered by, with ids already decoded and checked by the service; this is
 * the one place that turns it into SQL. Absent fields do not filter.
 */
export interface RecordCriteria {
  ownerId?: number;
  createdFrom?: Date;
  createdTo?: Date;
  updatedFrom?: Date;
  updatedTo?: Date;
  /** Case-insensitive substring of the kind's search columns (and a person's full name). */
  search?: string | null;
  /** The column equals any of these values (an empty list does not filter). */
  anyOf?: Partial<Record<"status" | "source" | "stage", readonly string[] | null>>;
  accountId?: number;
  contactId?: number;
  /** Deals: an open stage (or a closed one); tasks: not completed (or completed). */
  open?: boolean | null;
  /** Tasks about this record. */
  about?: { type: string; id: number };
}

export function criteriaConditions(kind: RecordKind, c: RecordCriteria): (SQL | undefined)[] {
  const t = kind.table as unknown as Common & Record<string, PgColumn>;
  const column = (name: string) => {
    const col = t[name];
    if (!col) throw new Error(`${kind.type} has no column ${name}`);
    return col;
  };
  return [
    c.ownerId !== undefined ? eq(t.ownerId, c.ownerId) : undefined,
    c.createdFrom ? gte(t.createdAt, c.createdFrom) : undefined,
    c.createdTo ? lt(t.createdAt, c.createdTo) : undefined,
    c.updatedFrom ? gte(t.updatedAt, c.updatedFrom) : undefined,
    c.updatedTo ? lt(t.updatedAt, c.updatedTo) : undefined,
    searchCondition(kind, c.search),
    ...Object.entries(c.anyOf ?? {}).map(([name, values]) => (values?.length ? inArray(column(name), [...values]) : undefined)),
    c.accountId !== undefined ? eq(column("accountId"), c.accountId) : undefined,
    c.contactId !== undefined ? eq(column("contactId"), c.contactId) : undefined,
    c.open === true || c.open === false ? openCondition(kind, c.open) : undefined,
    c.about ? and(eq(column("recordType"), c.about.type), eq(column("recordId"), c.about.id)) : undefined,
  ];
}

function openCondition(kind: RecordKind, open: boolean): SQL {
  switch (kind.type) {
    case "deal":
      return open ? openDeal() : closedDeal();
    case "task":
      return open ? ne(tasks.status, TaskStatus.COMPLETED) : eq(tasks.status, TaskStatus.COMPLETED);
    default:
      throw new Error(`${kind.type} has no open state`);
  }
}

/**
 * One page of records. `dealStats` (contacts): each row also carries its deal figures as
 * `dealStats`, read in the same statement.
 */
export async function listRecords(
  db: Db,
  args: { kind: RecordKind; scope: CrmScope; criteria: RecordCriteria; sort: Sort; page: PageRequest; dealStats?: boolean },
): Promise<AnyRow[]> {
  const { kind, sort, page, scope } = args;
  const conditions = criteriaConditions(kind, args.criteria);
  const t = cols(kind.table);
  const column = sortColumn(kind, sort.field);
  const order = sort.direction === "DESC" ? desc : asc;
  const withStats = args.dealStats === true && kind.type === "contact";
  const selection = () =>
    (withStats ? db.select({ ...getTableColumns(contacts), dealStats: dealStatsOf(contacts) }) : db.select()).from(kind.table as AnyRow) as AnyRow;
  if (conditions.every((c) => c === undefined)) {
    // An unfiltered page, the most common list request: a statement prepared per shape.
    const after = page.after !== null;
    const key = `list:${kind.type}:${sortKey(sort)}:${scope.all ? "all" : "own"}:${after}${withStats ? ":stats" : ""}`;
    const statement = prepared(db, key, () => {
      const cast = sort.field === "NAME" ? sql`::text` : sql`::timestamptz`;
      const keyset = after
        ? sql`(${column}, ${t.id}) ${sort.direction === "DESC" ? sql`<` : sql`>`} (${sql.placeholder("afterValue")}${cast}, ${sql.placeholder("afterId")})`
        : undefined;
      return selection()
        .where(
          and(
            eq(t.orgId, sql.placeholder("orgId")),
            scope.all ? undefined : eq(t.ownerId, sql.placeholder("ownerId")),
            keyset,
          ),
        )
        .orderBy(order(column), order(t.id))
        .limit(sql.placeholder("limit"))
        .prepare(key);
    });
    return statement.execute({
      orgId: scope.orgId,
      ownerId: scope.all ? undefined : scope.ownerId,
      limit: page.limit + 1,
      ...(page.after ? { afterValue: String(page.after.value), afterId: page.after.id } : {}),
    });
  }
  return selection()
    .where(and(scopeCondition(kind.table, scope), ...conditions, keysetCondition(kind, sort, page.after)))
    .orderBy(order(column), order(t.id))
    .limit(page.limit + 1);
}

export async function countRecords(
  db: Db,
  args: { kind: RecordKind; scope: CrmScope; criteria: RecordCriteria },
): Promise<number> {
  const [row] = await (db.select({ n: sql<number>`count(*)::int` }).from(args.kind.table as AnyRow) as AnyRow).where(
    and(scopeCondition(args.kind.table, args.scope), ...criteriaConditions(args.kind, args.criteria)),
  );
  return row?.n ?? 0;
}

export async function findRecordsByIds(db: Db, kind: RecordKind, scope: CrmScope, ids: readonly number[]): Promise<AnyRow[]> {
  if (ids.length === 0) return [];
  const t = cols(kind.table);
  const key = `records_by_ids:${kind.type}:${scope.all ? "all" : "own"}`;
  const statement = prepared(db, key, () =>
    (db.select().from(kind.table as AnyRow) as AnyRow)
      .where(
        and(
          eq(t.orgId, sql.placeholder("orgId")),
          scope.all ? undefined : eq(t.ownerId, sql.placeholder("ownerId")),
          sql`${t.id} = any(${sql.placeholder("ids")})`,
        ),
      )
      .prepare(key),
  );
  return statement.execute({ orgId: scope.orgId, ownerId: scope.all ? undefined : scope.ownerId, ids: [...ids] });
}

export async function findRecord(db: Db, kind: RecordKind, scope: CrmScope, id: number): Promise<AnyRow | null> {
  const [row] = await findRecordsByIds(db, kind, scope, [id]);
  return row ?? null;
}

/** Locks the row for the rest of the transaction, so concurrent updates apply one after the other. */
export async function findRecordForUpdate(db: Db, kind: RecordKind, scope: CrmScope, id: number, strength: "update" | "share" = "update"): Promise<AnyRow | null> {
  const [row] = await (db.select().from(kind.table as AnyRow) as AnyRow)
    .where(and(scopeCondition(kind.table, scope), eq(cols(kind.table).id, id)))
    .for(strength);
  return row ?? null;
}

export async function insertRecord(db: Db, kind: RecordKind, values: Record<string, unknown>): Promise<AnyRow> {
  const [row] = await (db.insert(kind.table as AnyRow).values(values as AnyRow) as AnyRow).returning();
  return row;
}

export async function updateRecord(db: Db, kind: RecordKind, orgId: number, id: number, values: Record<string, unknown>) {
  const t = cols(kind.table);
  const [row] = await (db.update(kind.table as AnyRow).set(values as AnyRow) as AnyRow)
    .where(and(eq(t.orgId, orgId), eq(t.id, id)))
    .returning();
  return row as AnyRow;
}

export async function deleteRecord(db: Db, kind: RecordKind, orgId: number, id: number): Promise<void> {
  const t = cols(kind.table);
  await (db.delete(kind.table as AnyRow) as AnyRow).where(and(eq(t.orgId, orgId), eq(t.id, id)));
}

/** Every record of `kind` the user owns, now owned by another; the ids moved. */
export async function reassignOwner(
  db: Db,
  kind: RecordKind,
  args: { orgId: number; fromUserId: number; toUserId: number; updatedBy: number | null },
): Promise<number[]> {
  const t = cols(kind.table);
  const rows: { id: number }[] = await (db.update(kind.table as AnyRow).set({ ownerId: args.toUserId, updatedAt: new Date(), updatedBy: args.updatedBy } as AnyRow) as AnyRow)
    .where(and(eq(t.orgId, args.orgId), eq(t.ownerId, args.fromUserId)))
    .returning({ id: t.id });
  return rows.map((r) => r.id);
}
