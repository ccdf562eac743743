import { and, eq } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";

/** A table whose rows hang off a record through (org_id, record_type, record_id). */
export type RecordLinkedTable = PgTable & { orgId: PgColumn; recordType: PgColumn; recordId: PgColumn };
export interface RecordRef {
  type: string;
  id: number;
}

const linkedTo = (table: RecordLinkedTable, orgId: number, ref: RecordRef) =>
  and(eq(table.orgId, orgId), eq(table.recordType, ref.type), eq(table.recordId, ref.id));

/** Deletes the rows of each table that hang off `ref` (CORE-14). */
export async function deleteLinkedRows(tx: Db, tables: RecordLinkedTable[], orgId: number, ref: RecordRef) {
  for (const table of tables) await tx.delete(table).where(linkedTo(table, orgId, ref));
}

/** Re-points the rows of each table from one record to another (CORE-13). */
export async function moveLinkedRows(tx: Db, tables: RecordLinkedTable[], orgId: number, from: RecordRef, to: RecordRef) {
  for (const table of tables) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await tx.update(table).set({ recordType: to.type, recordId: to.id } as any).where(linkedTo(table, orgId, from));
  }
}

/** Unlinks the rows of each table from `ref`, keeping them (record_type and record_id set null). */
export async function unlinkRows(tx: Db, tables: RecordLinkedTable[], orgId: number, ref: RecordRef) {
  for (const table of tables) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await tx.update(table).set({ recordType: null, recordId: null } as any).where(linkedTo(table, orgId, ref));
  }
}
