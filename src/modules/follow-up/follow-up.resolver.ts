import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { User } from "../identity/identity.type.js";
import { TimelineEntry, TimelineSide } from "../timeline/timeline-entry.type.js";
import { mayReadHistory } from "../timeline/timeline-access.service.js";
import { TimelineConnection } from "../timeline/timeline.type.js";
import { SignalResponseReportArgs, UnansweredSignalsArgs } from "./follow-up.input.js";
import * as followUps from "./follow-up.service.js";
import { OwnerResponse, SignalResponseReport } from "./follow-up.type.js";

@Resolver(() => TimelineEntry)
export class SignalFollowUpResolver {
  @Query(() => TimelineConnection, {
    description:
      "Signals of the leads and contacts you may view that nobody followed up yet (no follow-up on the same record after them), newest first.",
  })
  unansweredSignals(@Args(() => UnansweredSignalsArgs) args: UnansweredSignalsArgs, @Ctx() ctx: RequestContext) {
    return followUps.listUnansweredSignals(ctx, args);
  }

  @Query(() => SignalResponseReport, { description: "How many signals of a period were followed up and how fast, per source, per owner and per day." })
  signalResponseReport(@Args(() => SignalResponseReportArgs) args: SignalResponseReportArgs, @Ctx() ctx: RequestContext) {
    return followUps.signalResponseReport(ctx, args);
  }

  @FieldResolver(() => TimelineEntry, {
    nullable: true,
    description:
      "On a signal: the first follow-up logged on the same record after it in timeline order (`occurredAt`, then entry), on any channel and by anyone; a follow-up logged later but backdated counts by its `occurredAt`. Null while nobody followed it up, and on other entries.",
  })
  async followUp(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    if (entry.side !== TimelineSide.SIGNAL || entry.followUpId === null || !(await mayReadHistory(ctx, entry))) return null;
    return ctx.loaders.timeline.entries.load(entry.followUpId);
  }

  @FieldResolver(() => Int, { nullable: true, description: "On a signal: seconds from the signal to its `followUp`; null without one." })
  async secondsToFollowUp(@Root() entry: TimelineEntry, @Ctx() ctx: RequestContext) {
    if (entry.side !== TimelineSide.SIGNAL || entry.followUpAt === null || !(await mayReadHistory(ctx, entry))) return null;
    return Math.round((entry.followUpAt.getTime() - entry.occurredAt.getTime()) / 1000);
  }
}

@Resolver(() => OwnerResponse)
export class OwnerResponseResolver {
  @FieldResolver(() => User)
  owner(@Root() row: OwnerResponse, @Ctx() ctx: RequestContext) {
    return ctx.loaders.identity.users.load(row.ownerId);
  }
}
