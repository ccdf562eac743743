import { ArrayMaxSize, IsOptional } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { PageArgs } from "../shared/connection.js";
import { DateTimeScalar } from "../shared/scalars.js";
import { SignalSource } from "../signals/signal-catalog.js";

@InputType({ description: "Every given filter must hold." })
export class UnansweredSignalFilter {
  @Field(() => ID, { nullable: true, description: "Only signals of records this user owns. Plain CRM users see only their own records anyway." })
  ownerId?: string | null;

  @Field(() => [SignalSource], { nullable: true, description: "Only signals from these sources." })
  @IsOptional()
  @ArrayMaxSize(11)
  sources?: SignalSource[] | null;

  @Field(() => Int, { nullable: true, description: "Only signals that have waited at least this many seconds (0 or more): `occurredAt` at least this long ago." })
  olderThanSeconds?: number | null;
}

@ArgsType()
export class UnansweredSignalsArgs extends PageArgs {
  @Field(() => UnansweredSignalFilter, { nullable: true })
  filter?: UnansweredSignalFilter | null;
}

@ArgsType()
export class SignalResponseReportArgs {
  @Field(() => DateTimeScalar, { description: "Signals that occurred at or after this instant." })
  from!: Date;

  @Field(() => DateTimeScalar, { description: "Signals that occurred before this instant; at most 366 days after `from`." })
  to!: Date;
}
