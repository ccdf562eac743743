import { Length } from "class-validator";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { PageArgs } from "../shared/connection.js";
import { DateScalar, DateTimeScalar, JSONScalar } from "../shared/scalars.js";
import { Channel, FollowUpStatus, TimelineSide } from "./timeline-entry.type.js";

export enum TimelineView {
  ALL = "ALL",
  SIGNALS = "SIGNALS",
  MILESTONES = "MILESTONES",
}
registerEnumType(TimelineView, {
  name: "TimelineView",
  description: "What a timeline page holds.",
  valuesConfig: {
    ALL: { description: "Signals, follow-ups and milestones." },
    SIGNALS: {
      description:
        "Signals only. Each carries `precedingFollowUp`, the follow-up immediately preceding it (the latest follow-up before it); the follow-ups between the previous signal and that one are collapsed and fetched on demand with `collapsedFollowUps`.",
    },
    MILESTONES: { description: "Milestones only. Each carries `precedingInteraction`, the signal or follow-up immediately preceding it." },
  },
});

export enum TimelineOrder {
  NEWEST_FIRST = "NEWEST_FIRST",
  OLDEST_FIRST = "OLDEST_FIRST",
}
registerEnumType(TimelineOrder, { name: "TimelineOrder", description: "By `occurredAt`, then by entry." });

export enum TimelinePeriod {
  TODAY = "TODAY",
  YESTERDAY = "YESTERDAY",
  LAST_7_DAYS = "LAST_7_DAYS",
  LAST_30_DAYS = "LAST_30_DAYS",
}
registerEnumType(TimelinePeriod, {
  name: "TimelinePeriod",
  description: "Calendar days in the organisation's time zone; LAST_7_DAYS and LAST_30_DAYS end with today and include it.",
});

@InputType({
  description:
    "Every given filter must hold. Use at most one of `period`, `date` and `from`/`to`. Milestones are on no channel, so `channels` leaves them out; signals are performed by the customer, so `userIds` leaves them out.",
})
export class TimelineFilter {
  @Field(() => [Channel], { nullable: true, description: "Only entries on one of these channels." })
  channels?: Channel[] | null;

  @Field(() => [ID], { nullable: true, description: "Only follow-ups and milestones performed by one of these users." })
  userIds?: string[] | null;

  @Field(() => [TimelineSide], { nullable: true, description: "Only entries of these sides (within the view)." })
  sides?: TimelineSide[] | null;

  @Field(() => TimelinePeriod, { nullable: true })
  period?: TimelinePeriod | null;

  @Field(() => DateScalar, { nullable: true, description: "One calendar day in the organisation's time zone." })
  date?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "From this instant, inclusive." })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Up to this instant, exclusive." })
  to?: Date | null;
}

@ArgsType()
export class TimelineArgs extends PageArgs {
  @Field(() => TimelineFilter, { nullable: true })
  filter?: TimelineFilter | null;

  @Field(() => TimelineView, { defaultValue: TimelineView.ALL })
  view!: TimelineView;

  @Field(() => TimelineOrder, { defaultValue: TimelineOrder.NEWEST_FIRST })
  order!: TimelineOrder;
}

@InputType({ description: "Something a user did towards the customer." })
export class LogFollowUpInput {
  @Field(() => ID, { description: "The lead or contact." })
  recordId!: string;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => String, { description: 'What was done, e.g. "Call placed", "Email sent", "Comment added" (1 to 100 characters).' })
  action!: string;

  @Field(() => FollowUpStatus, {
    nullable: true,
    description: "The outcome; it must belong to the channel: CALL: ANSWERED, UNANSWERED; EMAIL: DELIVERED, BOUNCED; DESK: OPEN, CLOSED, ON_HOLD, ESCALATED. Other channels take none.",
  })
  status?: FollowUpStatus | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it happened; now by default. At most 5 minutes in the future." })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true, description: "At most 2,000 characters." })
  summary?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "A JSON object of at most 16 KiB: subject, duration, ticket number..." })
  details?: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description: "Unique per follow-up within your org (1 to 200 characters): a repeat returns the first entry and stores nothing, so integrations can retry safely.",
  })
  @Length(1, 200)
  idempotencyKey?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Who performed it: yourself by default. CRM admins and integrations may name another active user of the organisation.",
  })
  performedBy?: string | null;
}
