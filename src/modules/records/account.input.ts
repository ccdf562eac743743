import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { JSONScalar } from "../shared/scalars.js";
import { PHONE, PHONE_MESSAGE } from "./field-limits.js";
import { RecordFilter, RecordOrder } from "./record-list.input.js";

@InputType()
export class AccountFilter extends RecordFilter {}

@InputType()
export class AccountOrder extends RecordOrder {}

@InputType()
export class AccountFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  website?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateAccountInput extends AccountFieldsInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;
}

@InputType()
export class UpdateAccountInput extends AccountFieldsInput {}
