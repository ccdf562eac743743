import { Arg, Args, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { User } from "../identity/identity.type.js";
import { unwrap, type StreamEvent } from "../shared/stream.js";
import { timelineStream } from "./timeline-stream.service.js";
import { PageArgs } from "../shared/connection.js";
import { intervalOf, isIdleBefore, judgedAverageOf } from "./entry-interval.service.js";
import { logFollowUp } from "./follow-up-log.service.js";
import * as averages from "./interval-averages.service.js";
import { describeMilestone } from "./milestone.service.js";
import { Milestone, TimelineEntry } from "./timeline-entry.type.js";
import { findPrecedingFollowUp, findPrecedingInteraction, listCollapsedFollowUps } from "./timeline-list.service.js";
import { LogFollowUpInput } from "./timeline.input.js";
import { TimelineAverage, TimelineConnection } from "./timeline.type.js";

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  @Mutation(() => TimelineEntry, {
    description:
      "Record a follow-up on a lead or contact you may view (users), or on any of the org's (integration keys). Pushed to `timelineEntryAdded`.",
  })
  logFollowUp(@Arg("input", () => LogFollowUpInput) input: LogFollowUpInput, @Ctx() ctx: RequestContext) {
    return logFollowUp(ctx, input);
  }

  @Subscription(() => TimelineEntry, {
    description:
      "New entries of a lead's or contact's timeline as they are stored: signals, follow-ups and milestones. Needs view permission on the record. With `after` (the `streamCursor` of the last entry received), first every entry stored since, in order: no gaps, no duplicates. Ends with NOT_FOUND when the record is deleted, or converted (then `extensions.movedTo` is the contact it became).",
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
  intervalSeconds(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return intervalOf(ctx, entry);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "True when `intervalSeconds` exceeds the module's current average (`averageIntervalSeconds`): the customer went idle before this entry. Null without an interval or before the first average is computed.",
  })
  idle(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return isIdleBefore(ctx, entry);
  }

  @FieldResolver(() => Float, { nullable: true, description: "The module average `idle` was judged against, in seconds." })
  averageIntervalSeconds(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return judgedAverageOf(ctx, entry);
  }

  @FieldResolver(() => Milestone, { nullable: true, description: "Set on milestones." })
  milestone(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext): Promise<Milestone | null> {
    return describeMilestone(ctx, entry);
  }

  @FieldResolver(() => TimelineEntry, {
    nullable: true,
    description: "SIGNALS view: on a signal, the follow-up immediately preceding it (the latest follow-up before it).",
  })
  precedingFollowUp(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return findPrecedingFollowUp(ctx, entry);
  }

  @FieldResolver(() => TimelineConnection, {
    description:
      "SIGNALS view: on a signal, the follow-ups collapsed under it, those after the previous signal and before `precedingFollowUp`, newest first. Empty on other entries.",
  })
  collapsedFollowUps(@Root() entry: TimelineEntry, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
    return listCollapsedFollowUps(ctx, entry, args);
  }

  @FieldResolver(() => TimelineEntry, {
    nullable: true,
    description: "MILESTONES view: on a milestone, the signal or follow-up immediately preceding it.",
  })
  precedingInteraction(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    return findPrecedingInteraction(ctx, entry);
  }
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
