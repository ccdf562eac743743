import type { RequestContext } from "../shared/context.js";
import { parsePage, toConnection } from "../shared/connection.js";
import * as customizationRepo from "./customization.repo.js";
import type { PicklistChange } from "./customization.type.js";
import { getVisibleParent } from "./record.service.js";

const KEY = "CHANGED_AT:DESC";

/** CORE-12: a record's recorded picklist changes, newest first, for viewers of the record. */
export async function listPicklistHistory(
  ctx: RequestContext,
  args: { recordId: string; field?: string | null; first?: number | null; after?: string | null },
) {
  const { kind, record } = await getVisibleParent(ctx, args.recordId, "recordId");
  const page = parsePage(args, KEY);
  const rows = await customizationRepo.listHistory(ctx.db, {
    orgId: ctx.viewer!.orgId,
    recordType: kind.type,
    recordId: record.dbId,
    field: args.field ?? null,
    limit: page.limit,
    before: page.after ? { at: new Date(String(page.after.value)), id: page.after.id } : null,
  });
  return toConnection({
    rows,
    page,
    cursorOf: (r) => ({ key: KEY, value: r.changedAt.toISOString(), id: r.id }),
    toNode: (r): PicklistChange => ({
      id: Buffer.from(`PicklistChange:${r.id}`).toString("base64url"),
      field: r.field,
      oldValue: r.oldValue,
      newValue: r.newValue,
      changedAt: r.changedAt,
      changedBy: null,
      changedById: r.changedBy,
    }),
    count: () =>
      customizationRepo.countHistory(ctx.db, {
        orgId: ctx.viewer!.orgId,
        recordType: kind.type,
        recordId: record.dbId,
        field: args.field ?? null,
      }),
  });
}
