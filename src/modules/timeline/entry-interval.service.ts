import type { RequestContext } from "../shared/context.js";
import { isCustomerType } from "../records/record-kind.js";
import { mayReadHistory } from "./timeline-access.service.js";
import { TimelineSide, type TimelineEntry } from "./timeline-entry.type.js";

/** TL-8: seconds since the previous signal or follow-up of the entry's record; null for the first, for milestones and without read access. */
export async function intervalOf(ctx: RequestContext, entry: TimelineEntry): Promise<number | null> {
  if (entry.side === TimelineSide.MILESTONE || !(await mayReadHistory(ctx, entry))) return null;
  const prev = await ctx.loaders.timeline.preceding("INTERACTION").load(entry.dbId);
  return prev ? Math.round((entry.occurredAt.getTime() - prev.at) / 1000) : null;
}

/** TL-9: the current average interval of the entry's module (leads or contacts), null before it is first computed. */
export async function averageIntervalOf(ctx: RequestContext, entry: TimelineEntry): Promise<number | null> {
  if (!isCustomerType(entry.recordType)) return null;
  return (await ctx.loaders.timeline.averages.load(entry.recordType))?.averageIntervalSeconds ?? null;
}

/** The average an entry's idleness is judged against: none for milestones. */
export async function judgedAverageOf(ctx: RequestContext, entry: TimelineEntry): Promise<number | null> {
  return entry.side === TimelineSide.MILESTONE ? null : averageIntervalOf(ctx, entry);
}

/** TL-9: whether the customer went idle before this entry (its interval exceeds the module average); null when either is unknown. */
export async function isIdleBefore(ctx: RequestContext, entry: TimelineEntry): Promise<boolean | null> {
  const [interval, average] = await Promise.all([intervalOf(ctx, entry), averageIntervalOf(ctx, entry)]);
  return interval === null || average === null ? null : interval > average;
}
