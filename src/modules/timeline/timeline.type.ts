import { Field, Float, Int, ObjectType } from "type-graphql";
import { CrmModule } from "../records/customization.type.js";
import { DateTimeScalar } from "../shared/scalars.js";
import { ConnectionType } from "../shared/connection.js";
import { Channel, TimelineEntry, TimelineSide } from "./timeline-entry.type.js";

export const TimelineConnection = ConnectionType("TimelineEntry", () => TimelineEntry);

@ObjectType()
export class TimelineSideCount {
  @Field(() => TimelineSide)
  side!: TimelineSide;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "One channel of a record's history." })
export class TimelineChannelSummary {
  @Field(() => Channel)
  channel!: Channel;

  @Field(() => Int)
  signals!: number;

  @Field(() => Int)
  followUps!: number;

  @Field(() => Int, { description: "Follow-ups the customer responded to; see `responseRate`." })
  respondedFollowUps!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "The customer response rate on this channel: the share of follow-ups the customer responded to, from 0 to 1; null without follow-ups. A follow-up counts as responded to when a signal on the same channel came after it and before the next follow-up on that channel, or when its status is ANSWERED.",
  })
  responseRate!: number | null;
}

@ObjectType({ description: "A record's history at a glance." })
export class TimelineSummary {
  @Field(() => Int, { description: "Signals and follow-ups (milestones are not interactions)." })
  totalInteractions!: number;

  @Field(() => [TimelineSideCount], { description: "Entries per side, milestones included; every side is listed." })
  bySide!: TimelineSideCount[];

  @Field(() => [TimelineChannelSummary], { description: "Channels with at least one interaction, most interactions first." })
  byChannel!: TimelineChannelSummary[];

  @Field(() => Channel, {
    nullable: true,
    description:
      "The channel with the highest `responseRate` (ties: more follow-ups, then the channel's order in `Channel`); null when no channel has follow-ups.",
  })
  bestResponseChannel!: Channel | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "The latest signal or follow-up." })
  lastInteractionAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "Seconds from the latest interaction to now." })
  secondsSinceLastInteraction!: number | null;

  @Field(() => Float, { nullable: true, description: "The module's current average interval the idle state is judged against." })
  averageIntervalSeconds!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "True when the time since the latest interaction exceeds the module average; null while no average has been computed or nothing happened yet.",
  })
  idle!: boolean | null;
}

@ObjectType({ description: "The mean interval between consecutive interactions over all records of a module." })
export class TimelineAverage {
  @Field(() => CrmModule, { description: "LEADS or CONTACTS." })
  module!: CrmModule;

  @Field(() => Float, { nullable: true, description: "Null when the module has no two consecutive interactions yet." })
  averageIntervalSeconds!: number | null;

  @Field(() => Int, { description: "How many intervals the average is over." })
  intervals!: number;

  @Field(() => DateTimeScalar)
  computedAt!: Date;
}
