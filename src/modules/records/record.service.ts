import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import { requireActiveUser } from "../identity/identity.service.js";
import { parsePage, toConnection, type Connection, type PageArgs } from "../shared/connection.js";
import { forbidden, notFound } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { crmScope, type CrmScope } from "../shared/viewer.js";
import type { ModuleConfig } from "./module-config.service.js";
import { recordPicklistChanges } from "./picklist-changes.service.js";
import { CUSTOMER_KINDS, PARENT_KINDS, decodeRecordId, type RecordKind } from "./record-kind.js";
import type { RecordFilter, RecordOrder } from "./record-list.input.js";
import { dealStatsFrom } from "./deal-stage.js";
import { toModel } from "./record.model.js";
import * as repo from "./record.repo.js";
import { actorUserId, recordChanged, recordCreated, recordDeleted, type Actor, type AfterCommit } from "./record-lifecycle.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = any;


/** The filters every record list has (CORE-15): owner, created/modified ranges, search; ids decoded. */
export function commonCriteria(filter: RecordFilter | null | undefined): repo.RecordCriteria {
  if (!filter) return {};
  return {
    ownerId: filter.ownerId ? decodeIdOfType(filter.ownerId, "User", "filter.ownerId") : undefined,
    createdFrom: filter.createdFrom ?? undefined,
    createdTo: filter.createdTo ?? undefined,
    updatedFrom: filter.updatedFrom ?? undefined,
    updatedTo: filter.updatedTo ?? undefined,
    search: filter.search,
  };
}

/** One page of a record list, keyset-paginated; `totalCount` is counted only when asked for. */
export async function listRecordConnection(
  ctx: RequestContext,
  args: {
    kind: RecordKind;
    page: PageArgs;
    orderBy: RecordOrder | null | undefined;
    criteria: repo.RecordCriteria;
    /** Contacts: the page's items ask for their deal figures, so they are read with the page. */
    dealStats?: boolean;
  },
): Promise<Connection<ReturnType<typeof toModel>>> {
  const scope = crmScope(ctx.viewer);
  const sort: repo.Sort = { field: args.orderBy?.field ?? "CREATED_AT", direction: args.orderBy?.direction ?? "DESC" };
  const page = parsePage(args.page, repo.sortKey(sort));
  const rows =
    page.limit === 0 && !page.after ? [] : await repo.listRecords(ctx.db, { kind: args.kind, scope, criteria: args.criteria, sort, page, dealStats: args.dealStats });
  return toConnection({
    rows,
    page,
    cursorOf: (row) => repo.cursorOf(args.kind, sort, row),
    toNode: (row) => {
      const model = toModel(args.kind, row);
      ctx.loaders.records.byType[args.kind.type].prime(model.dbId, model);
      if (row.dealStats) ctx.loaders.records.dealStatsByContact.prime(model.dbId, dealStatsFrom(row.dealStats));
      return model;
    },
    count: () => repo.countRecords(ctx.db, { kind: args.kind, scope, criteria: args.criteria }),
  });
}

/** A record the viewer may view, by global ID; NOT_FOUND for unknown, invisible and other orgs' ids alike. */
export async function getVisibleRecord(ctx: RequestContext, kind: RecordKind, globalId: string, field = "id") {
  crmScope(ctx.viewer);
  const id = decodeIdOfType(globalId, kind.typename, field);
  const model = await ctx.loaders.records.byType[kind.type].load(id);
  if (!model) throw notFound(kind.typename, field);
  return model;
}

/** A lead, contact, account or deal the viewer may view, for notes, attachments and tasks. */
export async function getVisibleParent(ctx: RequestContext, globalId: string, field: string) {
  return getVisibleOf(ctx, PARENT_KINDS, globalId, field);
}

/** A lead or contact the viewer may view (timelines, watching, social profiles). */
export async function getVisibleCustomer(ctx: RequestContext, globalId: string, field: string) {
  return getVisibleOf(ctx, CUSTOMER_KINDS, globalId, field);
}

async function getVisibleOf(ctx: RequestContext, kinds: readonly RecordKind[], globalId: string, field: string) {
  crmScope(ctx.viewer);
  const { kind } = decodeRecordId(globalId, kinds, field);
  return { kind, record: await getVisibleRecord(ctx, kind, globalId, field) };
}

/**
 * The owner of a new or changed record: the caller by default; another active user of the
 * org only when a CRM admin assigns it.
 */
export async function resolveOwnerId(
  ctx: RequestContext,
  tx: Db,
  scope: CrmScope,
  ownerId: string | null | undefined,
  field: string,
) {
  const userId = ctx.viewer!.userId;
  if (!ownerId) return userId;
  const id = decodeIdOfType(ownerId, "User", field);
  if (id === userId) return id;
  if (!scope.all) throw forbidden("Only CRM admins can assign records to other users", field);
  await requireActiveUser(tx, scope.orgId, id, field);
  return id;
}

/** Fields of `input` that were given (undefined means "leave as is"), strings trimmed. */
export function givenFields(input: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (input as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = typeof value === "string" ? value.trim() : value;
  }
  return out;
}

/** Creates a record in a transaction; `build` validates and returns the column values. */
export async function createRecordWith(
  ctx: RequestContext,
  kind: RecordKind,
  build: (tx: Db, config: ModuleConfig, scope: CrmScope) => Promise<Record<string, unknown>>,
  extra: { visitorId?: string | null } = {},
) {
  const scope = crmScope(ctx.viewer);
  const config = await ctx.loaders.records.moduleConfig.load(kind.module);
  const { row, after } = await ctx.db.transaction(async (tx) => {
    const values = await build(tx, config, scope);
    return insertRecordAs(tx, kind, { orgId: scope.orgId, actor: { userId: ctx.viewer!.userId }, values, ...extra });
  });
  for (const done of after) done(ctx);
  return toModel(kind, row);
}

/**
 * Inserts a validated record for `actor` and runs the modules' `created` hooks in the same
 * transaction; the caller runs the returned after-commit work once committed.
 */
export async function insertRecordAs(tx: Db, kind: RecordKind, args: { orgId: number; actor: Actor; values: Record<string, unknown>; visitorId?: string | null }) {
  const by = actorUserId(args.actor);
  const row = await repo.insertRecord(tx, kind, { ...args.values, orgId: args.orgId, createdBy: by, updatedBy: by });
  const after = await recordCreated(tx, { orgId: args.orgId, record: { type: kind.type, id: row.id }, actor: args.actor, row, visitorId: args.visitorId ?? null });
  return { row, after };
}

/**
 * Updates a visible record under a row lock; `build` validates against the current row and returns
 * the changed columns. Picklist changes are recorded in the same transaction (CORE-12), and on
 * leads and contacts become timeline milestones (TL-6), published after commit.
 */
export async function updateRecordWith(
  ctx: RequestContext,
  kind: RecordKind,
  globalId: string,
  build: (tx: Db, current: Row, config: ModuleConfig, scope: CrmScope) => Promise<Record<string, unknown>>,
) {
  const scope = crmScope(ctx.viewer);
  const id = decodeIdOfType(globalId, kind.typename, "id");
  const config = await ctx.loaders.records.moduleConfig.load(kind.module);
  const { row, after } = await ctx.db.transaction(async (tx) => {
    const current = await repo.findRecordForUpdate(tx, kind, scope, id);
    if (!current) throw notFound(kind.typename, "id");
    const changes = await build(tx, current, config, scope);
    const updated = await repo.updateRecord(tx, kind, scope.orgId, id, {
      ...changes,
      updatedAt: new Date(),
      updatedBy: ctx.viewer!.userId,
    });
    const recorded = await recordPicklistChanges(tx, {
      config,
      orgId: scope.orgId,
      recordType: kind.type,
      recordId: id,
      userId: ctx.viewer!.userId,
      before: current,
      after: updated,
    });
    const after: AfterCommit[] = await recordChanged(tx, {
      orgId: scope.orgId,
      record: { type: kind.type, id },
      changes: recorded,
      ownerBefore: current.ownerId,
      ownerAfter: updated.ownerId,
      before: current,
      after: updated,
    });
    return { row: updated, after };
  });
  for (const done of after) done(ctx);
  ctx.loaders.records.byType[kind.type].clear(id);
  return toModel(kind, row);
}

export async function deleteRecordWith(ctx: RequestContext, kind: RecordKind, globalId: string): Promise<string> {
  const scope = crmScope(ctx.viewer);
  const id = decodeIdOfType(globalId, kind.typename, "id");
  const after = await ctx.db.transaction(async (tx) => {
    const current = await repo.findRecordForUpdate(tx, kind, scope, id);
    if (!current) throw notFound(kind.typename, "id");
    // What hangs off the record goes with it (CORE-14): every module's links and hooks.
    const done = await recordDeleted(tx, { orgId: scope.orgId, record: { type: kind.type, id } });
    await repo.deleteRecord(tx, kind, scope.orgId, id);
    return done;
  });
  for (const done of after) done(ctx);
  ctx.loaders.records.byType[kind.type].clear(id);
  return globalId;
}

/** A referenced record (a deal's contact, a contact's account) must be one the caller can see. */
export async function resolveReference(tx: Db, scope: CrmScope, kind: RecordKind, globalId: string | null | undefined, field: string) {
  if (globalId === undefined) return undefined;
  if (globalId === null) return null;
  const id = decodeIdOfType(globalId, kind.typename, field);
  const row = await repo.findRecord(tx, kind, scope, id);
  if (!row) throw notFound(kind.typename, field);
  return id;
}
