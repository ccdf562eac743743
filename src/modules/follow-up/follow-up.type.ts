import { Field, Float, Int, ObjectType } from "type-graphql";
import { User } from "../identity/identity.type.js";
import { DateScalar, DateTimeScalar } from "../shared/scalars.js";
import { SignalSource } from "../signals/signal-catalog.js";

/** What every row of the report counts (RESP-3); a base of the row types, not in the schema itself. */
@ObjectType()
abstract class ResponseCounts {
  @Field(() => Int, { description: "Signals that occurred in the period." })
  signals!: number;

  @Field(() => Int, { description: "Of those, the signals followed up, whenever the follow-up happened." })
  followedUp!: number;

  @Field(() => Float, {
    nullable: true,
    description: "The median of `secondsToFollowUp` over the followed-up signals (percentile_cont(0.5): the mean of the middle two for an even count); null when none was followed up.",
  })
  medianSecondsToFollowUp!: number | null;
}

@ObjectType({ description: "The signals of one source in the period." })
export class SourceResponse extends ResponseCounts {
  @Field(() => SignalSource)
  source!: SignalSource;
}

@ObjectType({ description: "The signals of the records one user owns, in the period." })
export class OwnerResponse extends ResponseCounts {
  ownerId!: number;

  @Field(() => User, { description: "The records' current owner." })
  owner!: User;
}

@ObjectType({ description: "The signals of one calendar day of the period, in the organisation's time zone." })
export class DayResponse extends ResponseCounts {
  @Field(() => DateScalar)
  date!: string;
}

@ObjectType({
  description:
    "How many signals of a period were followed up, and how fast, per source and per owner. CRM admins see the organisation; plain users their own records.",
})
export class SignalResponseReport {
  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar)
  to!: Date;

  @Field(() => String, { description: "The organisation's time zone, in which `byDay` cuts the days." })
  timeZone!: string;

  @Field(() => [SourceResponse], { description: "Sources with signals in the period, most signals first." })
  bySource!: SourceResponse[];

  @Field(() => [OwnerResponse], { description: "Owners of records with signals in the period, most signals first." })
  byOwner!: OwnerResponse[];

  @Field(() => [DayResponse], { description: "Days with signals in the period, oldest first." })
  byDay!: DayResponse[];
}
