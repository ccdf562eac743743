import type { Db } from "../../db/client.js";
import { deleteLinkedRows, moveLinkedRows, unlinkRows, type RecordLinkedTable } from "../../db/record-links.js";
import type { RequestContext } from "../shared/context.js";
import type { RecordType } from "./record-kind.js";

export interface RecordRef {
  type: RecordType;
  id: number;
}

/** A record's row as stored (its columns by their TypeScript names). */
export type RecordRow = Record<string, unknown>;

export interface ConvertedEvent {
  orgId: number;
  from: RecordRef;
  to: RecordRef;
  /** The rows the conversion stored (and the lead as it was). */
  made?: { lead: RecordRow; contact: RecordRow; account: RecordRow | null; deal: RecordRow | null };
}

/** A recorded change of a picklist value of a lead or contact (TL-6). */
export interface PicklistChange {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedAt: Date;
  changedBy: number | null;
}

/** Work a hook leaves for after the commit (publishing what it stored). */
export type AfterCommit = (ctx: Pick<RequestContext, "pubsub">) => void;

/** A record was created; `visitorId`: the website visitor whose tracked web form created the lead (VIS-10). */
export interface RecordCreatedEvent {
  orgId: number;
  record: RecordRef;
  actor: Actor;
  /** The row as stored. */
  row: RecordRow;
  visitorId?: string | null;
}

/**
 * Reactions of other modules to a record's lifecycle, run inside the transaction that changes the
 * record, so they commit or roll back with it. Records calls them and knows nothing of who reacts.
 */
export interface RecordHooks {
  /** A record was created (by a user, or by an integration through the records API): its row as stored. */
  created?(tx: Db, e: RecordCreatedEvent): Promise<AfterCommit | void>;
  /** A record was updated: its recorded picklist changes, its owner and its row before and after. */
  changed?(
    tx: Db,
    e: { orgId: number; record: RecordRef; changes: PicklistChange[]; ownerBefore: number; ownerAfter: number; before?: RecordRow; after?: RecordRow },
  ): Promise<AfterCommit | void>;
  /** Records of one kind moved from one owner to another at once (a deleted user's records). */
  reassigned?(tx: Db, e: { orgId: number; recordType: RecordType; ids: readonly number[]; fromUserId: number; toUserId: number }): Promise<void>;
  /** A lead was converted: what hung off it now hangs off the contact. */
  converted?(tx: Db, e: ConvertedEvent): Promise<AfterCommit | void>;
  /** A record is being deleted (before its row goes). */
  deleted?(tx: Db, e: { orgId: number; record: RecordRef }): Promise<AfterCommit | void>;
}

/** A table whose rows hang off a record: moved with a converted lead; deleted (or unlinked) with the record. */
export interface RecordLink {
  table: RecordLinkedTable;
  onDelete: "delete" | "unlink";
}

declare module "../shared/module.js" {
  interface ModuleExtensions {
    /** What a module hangs off records, and how it reacts to their lifecycle. */
    records: { links?: readonly RecordLink[]; hooks?: RecordHooks };
  }
}

let registered: { links: RecordLink[]; hooks: RecordHooks[] } | null = null;

/** A record changed before the modules were composed would skip every reaction: refuse instead. */
function requireRegistered() {
  if (!registered) throw new Error("record lifecycle used before registerRecordExtensions() (src/server/modules.ts)");
  return registered;
}

/** The composition root hands over every module's links and hooks, once, at start-up. */
export function registerRecordExtensions(extensions: readonly ({ links?: readonly RecordLink[]; hooks?: RecordHooks } | undefined)[]) {
  registered = {
    links: extensions.flatMap((e) => [...(e?.links ?? [])]),
    hooks: extensions.flatMap((e) => (e?.hooks ? [e.hooks] : [])),
  };
}

/** Who acts on records: a user, or an integration acting for the whole org. */
export type Actor = { userId: number } | { integrationKeyId: number };
export const actorUserId = (actor: Actor): number | null => ("userId" in actor ? actor.userId : null);

async function collect(run: (hooks: RecordHooks) => Promise<AfterCommit | void> | undefined): Promise<AfterCommit[]> {
  const after: AfterCommit[] = [];
  for (const hooks of requireRegistered().hooks) {
    const done = await run(hooks);
    if (done) after.push(done);
  }
  return after;
}

export function recordCreated(tx: Db, e: Parameters<NonNullable<RecordHooks["created"]>>[1]): Promise<AfterCommit[]> {
  return collect((hooks) => hooks.created?.(tx, e));
}

export async function recordsReassigned(tx: Db, e: Parameters<NonNullable<RecordHooks["reassigned"]>>[1]) {
  if (e.ids.length === 0) return;
  for (const hooks of requireRegistered().hooks) await hooks.reassigned?.(tx, e);
}

export function recordChanged(tx: Db, e: Parameters<NonNullable<RecordHooks["changed"]>>[1]): Promise<AfterCommit[]> {
  return collect((hooks) => hooks.changed?.(tx, e));
}

/**
 * Hooks first, then links: a module's hook takes its own locks (the timeline waits for a signal
 * being stored on the lead to commit), so the rows hanging off what it moved are all there when
 * the links move.
 */
export async function recordConverted(tx: Db, e: ConvertedEvent): Promise<AfterCommit[]> {
  const after = await collect((hooks) => hooks.converted?.(tx, e));
  await moveLinkedRows(tx, requireRegistered().links.map((l) => l.table), e.orgId, e.from, e.to);
  return after;
}

export async function recordDeleted(tx: Db, e: { orgId: number; record: RecordRef }): Promise<AfterCommit[]> {
  const after = await collect((hooks) => hooks.deleted?.(tx, e));
  const { links } = requireRegistered();
  await deleteLinkedRows(tx, links.filter((l) => l.onDelete === "delete").map((l) => l.table), e.orgId, e.record);
  await unlinkRows(tx, links.filter((l) => l.onDelete === "unlink").map((l) => l.table), e.orgId, e.record);
  return after;
}
