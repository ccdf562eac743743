import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { customFieldDefinitions, fieldValueHistory, picklistFields, picklistValues } from "../../db/schema/index.js";

export type PicklistFieldRow = typeof picklistFields.$inferSelect;
export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;
export type HistoryRow = typeof fieldValueHistory.$inferSelect;

export async function insertPicklistField(db: Db, values: typeof picklistFields.$inferInsert) {
  await db.insert(picklistFields).values(values).onConflictDoNothing();
}

export async function insertPicklistValues(db: Db, rows: (typeof picklistValues.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(picklistValues).values(rows).onConflictDoNothing();
}

export function findPicklistFields(db: Db, orgId: number, module: string) {
  return db
    .select()
    .from(picklistFields)
    .where(and(eq(picklistFields.orgId, orgId), eq(picklistFields.module, module)))
    .orderBy(asc(picklistFields.id));
}

export function findPicklistValues(db: Db, orgId: number, module: string) {
  return db
    .select()
    .from(picklistValues)
    .where(and(eq(picklistValues.orgId, orgId), eq(picklistValues.module, module)))
    .orderBy(asc(picklistValues.field), asc(picklistValues.position), asc(picklistValues.id));
}

export async function nextPicklistPosition(db: Db, orgId: number, module: string, field: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${picklistValues.position}), 0)::int + 1` })
    .from(picklistValues)
    .where(and(eq(picklistValues.orgId, orgId), eq(picklistValues.module, module), eq(picklistValues.field, field)));
  return row?.n ?? 1;
}

export async function setHistoryEnabledAt(db: Db, orgId: number, module: string, field: string, at: Date | null) {
  await db
    .update(picklistFields)
    .set({ historyEnabledAt: at })
    .where(and(eq(picklistFields.orgId, orgId), eq(picklistFields.module, module), eq(picklistFields.field, field)));
}

export function findCustomFields(db: Db, orgId: number, module: string) {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.module, module)))
    .orderBy(asc(customFieldDefinitions.id));
}

export async function insertCustomField(db: Db, values: typeof customFieldDefinitions.$inferInsert) {
  const [row] = await db.insert(customFieldDefinitions).values(values).returning();
  return row!;
}

export async function insertHistory(db: Db, rows: (typeof fieldValueHistory.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(fieldValueHistory).values(rows);
}

export function listHistory(
  db: Db,
  args: { orgId: number; recordType: string; recordId: number; field: string | null; limit: number; before: { at: Date; id: number } | null },
) {
  const h = fieldValueHistory;
  return db
    .select()
    .from(h)
    .where(
      and(
        eq(h.orgId, args.orgId),
        eq(h.recordType, args.recordType),
        eq(h.recordId, args.recordId),
        args.field ? eq(h.field, args.field) : undefined,
        args.before
          ? or(lt(h.changedAt, args.before.at), and(eq(h.changedAt, args.before.at), lt(h.id, args.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(h.changedAt), desc(h.id))
    .limit(args.limit + 1);
}

export async function countHistory(db: Db, args: { orgId: number; recordType: string; recordId: number; field: string | null }) {
  const h = fieldValueHistory;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(h)
    .where(
      and(
        eq(h.orgId, args.orgId),
        eq(h.recordType, args.recordType),
        eq(h.recordId, args.recordId),
        args.field ? eq(h.field, args.field) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function findCustomFieldById(db: Db, orgId: number, id: number) {
  const [row] = await db
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.orgId, orgId), eq(customFieldDefinitions.id, id)));
  return row ?? null;
}
