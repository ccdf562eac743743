import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";

export enum Channel {
  EMAIL = "EMAIL",
  CALL = "CALL",
  MEETING = "MEETING",
  SURVEY = "SURVEY",
  DESK = "DESK",
  FACEBOOK = "FACEBOOK",
  X = "X",
  EVENT = "EVENT",
  WEBINAR = "WEBINAR",
  CAMPAIGN = "CAMPAIGN",
  WEBSITE = "WEBSITE",
  PORTAL = "PORTAL",
  CHAT = "CHAT",
}
registerEnumType(Channel, { name: "Channel", description: "Where an interaction happened." });

export enum TimelineSide {
  SIGNAL = "SIGNAL",
  FOLLOW_UP = "FOLLOW_UP",
  MILESTONE = "MILESTONE",
}
registerEnumType(TimelineSide, {
  name: "TimelineSide",
  description: "SIGNAL: the customer acted; FOLLOW_UP: a user acted towards the customer; MILESTONE: a picklist value changed.",
});

export enum FollowUpStatus {
  ANSWERED = "ANSWERED",
  UNANSWERED = "UNANSWERED",
  DELIVERED = "DELIVERED",
  BOUNCED = "BOUNCED",
  OPEN = "OPEN",
  CLOSED = "CLOSED",
  ON_HOLD = "ON_HOLD",
  ESCALATED = "ESCALATED",
}
registerEnumType(FollowUpStatus, { name: "FollowUpStatus", description: "The outcome of a follow-up." });

@ObjectType({ description: "Reaction counts of a signal." })
export class Reaction {
  @Field(() => Int, { nullable: true, description: "Survey responses: questions answered." })
  questionsAnswered!: number | null;

  @Field(() => Int, { nullable: true, description: "Website visits: seconds on the site." })
  timeSpentSeconds!: number | null;

  @Field(() => Int, { nullable: true, description: "Website visits: pages viewed." })
  pagesViewed!: number | null;
}

@ObjectType({ description: "A change of a picklist value on the record." })
export class Milestone {
  @Field(() => String, { description: "The picklist field, e.g. `status`." })
  field!: string;

  @Field(() => String, { nullable: true })
  oldValue!: string | null;

  @Field(() => String, { nullable: true })
  newValue!: string | null;

  @Field(() => DateTimeScalar, { description: "When the previous value was set: the previous milestone of this field, or the record's creation." })
  since!: Date;

  @Field(() => Int, { description: "Whole days spent in the previous value (since `since`)." })
  daysInPrevious!: number;

  @Field(() => Int, { description: "Signals and follow-ups between `since` and this change." })
  interactionCount!: number;
}

@ObjectType({ implements: Node, description: "One entry of a lead's or contact's timeline: a signal, a follow-up or a milestone." })
export class TimelineEntry extends Node implements Model {
  __typename!: "TimelineEntry";
  dbId!: number;
  recordType!: string;
  recordId!: number;
  actorUserId!: number | null;
  /** RESP-1, signals only: the first follow-up after it and when that happened (maintained columns). */
  followUpId!: number | null;
  followUpAt!: Date | null;

  @Field(() => TimelineSide)
  side!: TimelineSide;

  @Field(() => Channel, { nullable: true, description: "Null for milestones, which happen on no channel." })
  channel!: Channel | null;

  @Field(() => String, { description: "The signal event (a SignalEvent), the follow-up action, or the picklist field of a milestone." })
  event!: string;

  @Field(() => String, { nullable: true, description: "The SignalSource of a signal." })
  source!: string | null;

  @Field(() => FollowUpStatus, { nullable: true, description: "A follow-up's outcome; null for signals and milestones." })
  status!: FollowUpStatus | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => DateTimeScalar)
  occurredAt!: Date;

  @Field(() => JSONScalar, { description: "What the integration or user recorded: subject, link, ticket number... For milestones: field, oldValue, newValue." })
  details!: Record<string, unknown>;

  @Field(() => Reaction, { nullable: true })
  reaction!: Reaction | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => String, {
    description:
      "Where `timelineEntryAdded(after:)` resumes after this entry: a client that lost its socket passes the last one it received and misses nothing.",
  })
  streamCursor!: string;
}
