import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import { isCustomerType } from "../records/record-kind.js";
import type { PicklistChange } from "../records/record-lifecycle.js";
import { mayReadHistory } from "./timeline-access.service.js";
import { TimelineSide, type Milestone, type TimelineEntry } from "./timeline-entry.type.js";
import { milestoneValues, toTimelineEntry } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";
import { writeEntryEvents } from "./timeline-events.js";

const DAY_MS = 86_400_000;

/**
 * TL-6: a lead's or contact's recorded picklist changes become MILESTONE entries, in the
 * transaction that records them. Publish the result after commit.
 */
export async function recordMilestones(tx: Db, args: { orgId: number; recordType: string; recordId: number; changes: PicklistChange[] }) {
  if (!isCustomerType(args.recordType)) return [];
  const rows = await repo.insertEntries(
    tx,
    args.changes.map((c) => ({ ...milestoneValues(args.recordType, args.recordId, c), orgId: args.orgId })),
  );
  await writeEntryEvents(tx, rows);
  return rows.map(toTimelineEntry);
}

/**
 * TL-7: what a milestone changed, since when the previous value held (the previous milestone of
 * the same field, else the record's creation) and the interactions in that span. Null on other
 * entries and when the caller may not read the history.
 */
export async function describeMilestone(ctx: RequestContext, entry: TimelineEntry): Promise<Milestone | null> {
  if (entry.side !== TimelineSide.MILESTONE || !(await mayReadHistory(ctx, entry))) return null;
  const span = await ctx.loaders.timeline.milestoneSpans.load(entry.dbId);
  const since = span ? span.since : entry.occurredAt.getTime();
  const d = entry.details as { field?: string; oldValue?: string | null; newValue?: string | null };
  return {
    field: d.field ?? entry.event,
    oldValue: d.oldValue ?? null,
    newValue: d.newValue ?? null,
    since: new Date(since),
    daysInPrevious: Math.floor((entry.occurredAt.getTime() - since) / DAY_MS),
    interactionCount: span?.interactionCount ?? 0,
  };
}
