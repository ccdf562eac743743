import { ArrayMaxSize, IsOptional, Length, Max, Min } from "class-validator";
import { Field, Float, ID, InputType } from "type-graphql";
import { DateScalar, JSONScalar } from "../shared/scalars.js";
import { MAX_AMOUNT } from "./field-limits.js";
import { RecordFilter, RecordOrder } from "./record-list.input.js";

@InputType()
export class DealFilter extends RecordFilter {
  @Field(() => [String], { nullable: true, description: "Any of these stages." })
  @IsOptional()
  @ArrayMaxSize(50)
  stage?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "true: open deals only; false: closed ones only." })
  open?: boolean | null;

  @Field(() => ID, { nullable: true })
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  accountId?: string | null;
}

@InputType()
export class DealOrder extends RecordOrder {}

@InputType()
export class DealFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: "A value of the deal stage picklist." })
  stage?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(MAX_AMOUNT)
  amount?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(MAX_AMOUNT)
  expectedRevenue?: number | null;

  @Field(() => DateScalar, { nullable: true })
  closingDate?: string | null;

  @Field(() => ID, { nullable: true })
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateDealInput extends DealFieldsInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => String, { description: "A value of the deal stage picklist." })
  stage!: string;
}

@InputType()
export class UpdateDealInput extends DealFieldsInput {}
