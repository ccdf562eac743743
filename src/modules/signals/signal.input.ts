import { ArrayMaxSize, IsEmail, IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";
import { SignalEvent, SignalSource } from "./signal-catalog.js";

@InputType({ description: "Who the signal is about, when no record id is given: resolved within your org." })
export class SignalCustomerInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true, description: "Matched on its digits." })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 ()\-.]{2,29}$/, { message: "must be a phone number" })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "FACEBOOK or X, with `handle`." })
  @IsOptional()
  @Length(1, 20)
  network?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  handle?: string | null;
}

@InputType()
export class IngestSignalInput {
  @Field(() => SignalSource)
  source!: SignalSource;

  @Field(() => SignalEvent, { description: "Must be one of the source's events." })
  event!: SignalEvent;

  @Field(() => DateTimeScalar, { description: "When the customer acted; at most 5 minutes in the future (clock skew)." })
  occurredAt!: Date;

  @Field(() => String, { description: "Unique per signal within your org: a repeat returns the first result." })
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => ID, { nullable: true, description: "The lead or contact; or give `customer`." })
  recordId?: string | null;

  @Field(() => SignalCustomerInput, { nullable: true })
  customer?: SignalCustomerInput | null;

  @Field(() => String, { nullable: true, description: "One line for the notification; made from the details when absent." })
  @IsOptional()
  @Length(1, 500)
  summary?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "Event details (subject, url, surveyName and questionsAnswered, ticketNumber, rating, eventName, page...). At most 16 KiB." })
  details?: Record<string, unknown> | null;
}

@InputType()
export class NotificationFilter {
  @Field(() => [SignalSource], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(11)
  sources?: SignalSource[] | null;

  @Field(() => Boolean, { nullable: true, description: "true: unread only; false: read only." })
  unread?: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Occurred at or after." })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Occurred before." })
  to?: Date | null;

  @Field(() => ID, { nullable: true, description: "A lead or contact." })
  recordId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "True: only signals somebody followed up (a follow-up on the record after the signal); false: only those still open.",
  })
  followedUp?: boolean | null;
}

@InputType()
export class SourceSettingInput {
  @Field(() => SignalSource)
  source!: SignalSource;

  @Field(() => Boolean)
  enabled!: boolean;
}

@InputType()
export class UpdateSignalSettingsInput {
  @Field(() => Boolean, { nullable: true, description: "The master switch." })
  enabled?: boolean | null;

  @Field(() => [SourceSettingInput], { nullable: true, description: "Sources left out keep their setting." })
  @IsOptional()
  @ArrayMaxSize(11)
  sources?: SourceSettingInput[] | null;
}
