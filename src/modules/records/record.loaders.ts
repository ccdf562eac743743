import DataLoader from "dataloader";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { LoaderScope } from "../shared/context.js";
import { keyed, lazyObject } from "../shared/lazy.js";
import { attachments, deals, notes, tasks } from "../../db/schema/index.js";
import type { PageRequest } from "../shared/connection.js";
import { crmScope, type CrmScope } from "../shared/viewer.js";
import { loadModuleConfig, type ModuleConfig } from "./module-config.service.js";
import type { DealStats } from "./deal-stage.js";
import { dealStatsByContacts } from "./deal.repo.js";
import type { CrmModule } from "./customization.type.js";
import { RECORD_KINDS, type RecordType } from "./record-kind.js";
import { toAttachment, toModel, toNote } from "./record.model.js";
import { findRecordsByIds } from "./record.repo.js";
import { countChildren, listChildren } from "./related.repo.js";

const pageKey = (page: PageRequest) => `${page.limit}:${page.after ? `${page.after.value}:${page.after.id}` : ""}`;

/**
 * The records domain's DataLoaders for one request. Every batch is one statement, scoped to the
 * viewer's org and CORE-4 visibility; results come back in key order with null for misses.
 */
export function createRecordLoaders({ db, viewer }: LoaderScope) {
  let scope: CrmScope | null | undefined;
  const visibleScope = (): CrmScope | null => {
    if (scope === undefined) {
      try {
        scope = crmScope(viewer);
      } catch {
        scope = null;
      }
    }
    return scope;
  };
  const orgId = () => viewer?.orgId ?? -1;

  const recordLoader = (kind: (typeof RECORD_KINDS)[number]) => () =>
    new DataLoader<number, ReturnType<typeof toModel> | null>(async (ids) => {
      const s = visibleScope();
      if (!s) return ids.map(() => null);
      const rows = await findRecordsByIds(db, kind, s, ids);
      const models = new Map(rows.map((r) => [r.id as number, toModel(kind, r)]));
      return ids.map((id) => models.get(id) ?? null);
    });
  const byId = lazyObject(
    Object.fromEntries(RECORD_KINDS.map((kind) => [kind.type, recordLoader(kind)])) as {
      [K in RecordType]: () => DataLoader<number, ReturnType<typeof toModel> | null>;
    },
  );

  /** Children that are records themselves (deals, tasks) are shown to plain users only when they own them. */
  const ownedBy = (column: PgColumn): [PgColumn, number][] => {
    const s = visibleScope();
    return s && !s.all ? [[column, s.ownerId]] : [];
  };

  const group = <R>(rows: R[], keyOf: (r: R) => number, ids: readonly number[]) => {
    const out = new Map<number, R[]>(ids.map((id) => [id, []]));
    for (const r of rows) out.get(keyOf(r))?.push(r);
    return ids.map((id) => out.get(id)!);
  };

  const dealsByContact = keyed(
    (page: PageRequest) =>
      new DataLoader<number, ReturnType<typeof toModel>[]>(async (ids) => {
        if (!visibleScope()) return ids.map(() => []);
        const rows = await listChildren(db, {
          table: deals,
          parentColumn: deals.contactId,
          orgId: orgId(),
          parentIds: ids,
          equals: ownedBy(deals.ownerId),
          limit: page.limit + 1,
          after: page.after,
        });
        return group(rows, (r) => r.contactId, ids).map((list) => list.map((r) => toModel(RECORD_KINDS[3], r)));
      }),
    pageKey,
  );

  const dealCountByContact = () => new DataLoader<number, number>(async (ids) => {
    if (!visibleScope()) return ids.map(() => 0);
    const counts = await countChildren(db, {
      table: deals,
      parentColumn: deals.contactId,
      orgId: orgId(),
      parentIds: ids,
      equals: ownedBy(deals.ownerId),
    });
    return ids.map((id) => counts.get(id) ?? 0);
  });

  /** Over all of a contact's deals, whoever owns them: these describe the contact (CORE-16). */
  const dealStatsByContact = () => new DataLoader<number, DealStats>((ids) => dealStatsByContacts(db, orgId(), ids));

  const notesByRecord = keyed(
    ({ recordType, page }: { recordType: RecordType; page: PageRequest }) =>
      new DataLoader<number, ReturnType<typeof toNote>[]>(async (ids) => {
        const rows = await listChildren(db, {
          table: notes,
          parentColumn: notes.recordId,
          orgId: orgId(),
          parentIds: ids,
          equals: [[notes.recordType, recordType]],
          limit: page.limit + 1,
          after: page.after,
        });
        return group(rows, (r) => r.recordId, ids).map((list) => list.map(toNote));
      }),
    ({ recordType, page }) => `${recordType}:${pageKey(page)}`,
  );

  const noteCountByRecord = keyed(
    (recordType: RecordType) =>
      new DataLoader<number, number>(async (ids) => {
        const counts = await countChildren(db, {
          table: notes,
          parentColumn: notes.recordId,
          orgId: orgId(),
          parentIds: ids,
          equals: [[notes.recordType, recordType]],
        });
        return ids.map((id) => counts.get(id) ?? 0);
      }),
    (t) => t,
  );

  const attachmentColumns = {
    id: attachments.id,
    orgId: attachments.orgId,
    recordType: attachments.recordType,
    recordId: attachments.recordId,
    fileName: attachments.fileName,
    contentType: attachments.contentType,
    size: attachments.size,
    createdBy: attachments.createdBy,
    createdAt: attachments.createdAt,
  };
  const attachmentsByRecord = keyed(
    (recordType: RecordType) =>
      new DataLoader<number, ReturnType<typeof toAttachment>[]>(async (ids) => {
        // Metadata only: the bytes are fetched by the download route.
        const rows = await db
          .select(attachmentColumns)
          .from(attachments)
          .where(and(eq(attachments.orgId, orgId()), eq(attachments.recordType, recordType), inArray(attachments.recordId, [...ids])))
          .orderBy(sql`${attachments.createdAt} desc, ${attachments.id} desc`);
        return group(rows, (r) => r.recordId, ids).map((list) => list.map(toAttachment));
      }),
    (t) => t,
  );

  const openTasks = { name: "open", condition: sql`${tasks.status} <> 'COMPLETED'` };
  const tasksByRecord = keyed(
    ({ recordType, page, openOnly }: { recordType: RecordType; page: PageRequest; openOnly: boolean }) =>
      new DataLoader<number, ReturnType<typeof toModel>[]>(async (ids) => {
        if (!visibleScope()) return ids.map(() => []);
        const rows = await listChildren(db, {
          table: tasks,
          parentColumn: tasks.recordId,
          orgId: orgId(),
          parentIds: ids,
          equals: [[tasks.recordType, recordType], ...ownedBy(tasks.ownerId)],
          fixed: openOnly ? openTasks : undefined,
          limit: page.limit + 1,
          after: page.after,
        });
        return group(rows, (r) => r.recordId, ids).map((list) => list.map((r) => toModel(RECORD_KINDS[4], r)));
      }),
    ({ recordType, page, openOnly }) => `${recordType}:${openOnly}:${pageKey(page)}`,
  );

  const taskCountByRecord = keyed(
    ({ recordType, openOnly }: { recordType: RecordType; openOnly: boolean }) =>
      new DataLoader<number, number>(async (ids) => {
        if (!visibleScope()) return ids.map(() => 0);
        const counts = await countChildren(db, {
          table: tasks,
          parentColumn: tasks.recordId,
          orgId: orgId(),
          parentIds: ids,
          equals: [[tasks.recordType, recordType], ...ownedBy(tasks.ownerId)],
          fixed: openOnly ? openTasks : undefined,
        });
        return ids.map((id) => counts.get(id) ?? 0);
      }),
    ({ recordType, openOnly }) => `${recordType}:${openOnly}`,
  );

  const moduleConfig = () => new DataLoader<CrmModule, ModuleConfig>((modules) =>
    Promise.all(modules.map((m) => loadModuleConfig(db, orgId(), m))),
  );

  return lazyObject({
    byType: () => byId,
    dealsByContact: () => dealsByContact,
    dealCountByContact,
    dealStatsByContact,
    notesByRecord: () => notesByRecord,
    noteCountByRecord: () => noteCountByRecord,
    attachmentsByRecord: () => attachmentsByRecord,
    tasksByRecord: () => tasksByRecord,
    taskCountByRecord: () => taskCountByRecord,
    moduleConfig,
  });
}

export type RecordLoaders = ReturnType<typeof createRecordLoaders>;

declare module "../shared/context.js" {
  interface Loaders {
    records: RecordLoaders;
  }
}
