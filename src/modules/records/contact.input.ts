import { ArrayMaxSize, IsEmail, IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { JSONScalar } from "../shared/scalars.js";
import { PHONE, PHONE_MESSAGE } from "./field-limits.js";
import { RecordFilter, RecordOrder } from "./record-list.input.js";

@InputType()
export class ContactFilter extends RecordFilter {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => [String], { nullable: true, description: "Any of these lead sources." })
  @IsOptional()
  @ArrayMaxSize(50)
  source?: string[] | null;
}

@InputType()
export class ContactOrder extends RecordOrder {}

@InputType()
export class ContactFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the caller. Only CRM admins may assign others." })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: "A value of the lead source picklist." })
  source?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateContactInput extends ContactFieldsInput {
  @Field(() => String)
  @Length(1, 100)
  lastName!: string;
}

@InputType()
export class UpdateContactInput extends ContactFieldsInput {}
