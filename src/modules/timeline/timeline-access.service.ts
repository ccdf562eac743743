import type { RequestContext } from "../shared/context.js";
import { isCustomerType } from "../records/record-kind.js";
import { crmScope } from "../shared/viewer.js";
import type { TimelineEntry } from "./timeline-entry.type.js";

/**
 * TL-14: whether the caller may read an entry and the history around it: viewers of its record,
 * and integrations, which act for the whole org. An entry can be reached without its record (a
 * notification received before the record was reassigned), so the record is checked here.
 */
export async function mayReadHistory(ctx: RequestContext, entry: TimelineEntry): Promise<boolean> {
  if (!ctx.viewer) return ctx.integration !== null;
  if (!isCustomerType(entry.recordType)) return false;
  return (await ctx.loaders.records.byType[entry.recordType].load(entry.recordId)) !== null;
}

/** `node(id:)`: an entry whose record the viewer may view (TL-14), else null. */
export async function findVisibleEntry(ctx: RequestContext, id: number): Promise<TimelineEntry | null> {
  crmScope(ctx.viewer);
  const entry = await ctx.loaders.timeline.entries.load(id);
  return entry && (await mayReadHistory(ctx, entry)) ? entry : null;
}
