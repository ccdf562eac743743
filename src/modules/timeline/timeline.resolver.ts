import { Arg, Args, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { User } from "../identity/identity.type.js";
import { unwrap, type StreamEvent } from "../shared/stream.js";
import { timelineStream } from "./timeline-stream.service.js";
import { PageArgs } from "../shared/connection.js";
import * as averages from "./interval-averages.service.js";
import { Milestone, TimelineEntry, TimelineSide } from "./timeline-entry.type.js";
import { LogFollowUpInput } from "./timeline.input.js";
import { isCustomerType } from "../records/record-kind.js";
import type { Preceding } from "./timeline.repo.js";
import * as timeline from "./timeline.service.js";
import { TimelineAverage, TimelineConnection } from "./timeline.type.js";

const DAY_MS = 86_400_000;

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  @Mutation(() => TimelineEntry, {
    description:
      "Record a follow-up on a lead or contact you may view (users), or on any of the org's (integration keys). Pushed to `timelineEntryAdded`.",
  })
  logFollowUp(@Arg("input", () => LogFollowUpInput) input: LogFollowUpInput, @Ctx() ctx: RequestContext) {
    return timeline.logFollowUp(ctx, input);
  }

  @Subscription(() => TimelineEntry, {
    description:
      "New entries of a lead's or contact's timeline as they are stored: signals, follow-ups and milestones. Needs view permission on the record. With `after` (the `streamCursor` of the last entry received), first every entry stored since, in order: no gaps, no duplicates.",
    subscribe: ({ args, context }) => timelineStream(context as RequestContext, args as { recordId: string; after?: string | null }),
  })
  timelineEntryAdded(
    @Root() event: StreamEvent<TimelineEntry>,
    @Arg("recordId", () => ID) _recordId: string,
    @Arg("after", () => String, { nullable: true }) _after: string | null,
  ) {
    return unwrap(event);
  }

  @FieldResolver(() => User, { nullable: true, description: "The user who performed a follow-up or changed the value of a milestone." })
  performedBy(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return entry.actorUserId ? ctx.loaders.identity.users.load(entry.actorUserId) : null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "Seconds since the previous signal or follow-up on this record; null for the first and for milestones.",
  })
  async intervalSeconds(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return intervalOf(entry, ctx);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "True when `intervalSeconds` exceeds the module's current average (`averageIntervalSeconds`): the customer went idle before this entry. Null without an interval or before the first average is computed.",
  })
  async idle(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    const [interval, average] = await Promise.all([intervalOf(entry, ctx), averageOf(entry, ctx)]);
    return interval === null || average === null ? null : interval > average;
  }

  @FieldResolver(() => Float, { nullable: true, description: "The module average `idle` was judged against, in seconds." })
  averageIntervalSeconds(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return entry.side === TimelineSide.MILESTONE ? null : averageOf(entry, ctx);
  }

  @FieldResolver(() => Milestone, { nullable: true, description: "Set on milestones." })
  async milestone(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext): Promise<Milestone | null> {
    if (entry.side !== TimelineSide.MILESTONE || !(await timeline.mayReadHistory(ctx, entry))) return null;
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

  @FieldResolver(() => TimelineEntry, {
    nullable: true,
    description: "SIGNALS view: on a signal, the follow-up immediately preceding it (the latest follow-up before it).",
  })
  precedingFollowUp(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return entry.side === TimelineSide.SIGNAL ? precedingEntry(entry, ctx, "FOLLOW_UP") : null;
  }

  @FieldResolver(() => TimelineConnection, {
    description:
      "SIGNALS view: on a signal, the follow-ups collapsed under it, those after the previous signal and before `precedingFollowUp`, newest first. Empty on other entries.",
  })
  async collapsedFollowUps(@Root() entry: TimelineEntry, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
    return timeline.listCollapsedFollowUps(ctx, entry, args, await timeline.mayReadHistory(ctx, entry));
  }

  @FieldResolver(() => TimelineEntry, {
    nullable: true,
    description: "MILESTONES view: on a milestone, the signal or follow-up immediately preceding it.",
  })
  precedingInteraction(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return entry.side === TimelineSide.MILESTONE ? precedingEntry(entry, ctx, "INTERACTION") : null;
  }
}

async function precedingEntry(entry: TimelineEntry, ctx: RequestContext, kind: Preceding): Promise<TimelineEntry | null> {
  if (!(await timeline.mayReadHistory(ctx, entry))) return null;
  const prev = await ctx.loaders.timeline.preceding(kind).load(entry.dbId);
  return prev ? ctx.loaders.timeline.entries.load(Number(prev.id)) : null;
}

async function intervalOf(entry: TimelineEntry, ctx: RequestContext): Promise<number | null> {
  if (entry.side === TimelineSide.MILESTONE || !(await timeline.mayReadHistory(ctx, entry))) return null;
  const prev = await ctx.loaders.timeline.preceding("INTERACTION").load(entry.dbId);
  return prev ? Math.round((entry.occurredAt.getTime() - prev.at) / 1000) : null;
}

async function averageOf(entry: TimelineEntry, ctx: RequestContext): Promise<number | null> {
  if (!isCustomerType(entry.recordType)) return null;
  return (await ctx.loaders.timeline.averages.load(entry.recordType))?.averageIntervalSeconds ?? null;
}

@Resolver()
export class TimelineAverageResolver {
  @Query(() => [TimelineAverage], { description: "The current average interval between interactions, per module (LEADS, CONTACTS)." })
  timelineAverages(@Ctx() ctx: RequestContext) {
    return averages.listAverages(ctx);
  }

  @Mutation(() => [TimelineAverage], {
    description: "Recompute the module averages now (CRM admins). A weekly job does this on its own.",
  })
  recomputeTimelineAverages(@Ctx() ctx: RequestContext) {
    return averages.recomputeAverages(ctx);
  }
}
