import { ArrayMaxSize, IsEmail, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { DateScalar, JSONScalar } from "../shared/scalars.js";
import { MAX_AMOUNT, PHONE, PHONE_MESSAGE } from "./field-limits.js";
import { RecordFilter, RecordOrder } from "./record-list.input.js";

@InputType()
export class LeadFilter extends RecordFilter {
  @Field(() => [String], { nullable: true, description: "Any of these lead statuses." })
  @IsOptional()
  @ArrayMaxSize(50)
  status?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Any of these lead sources." })
  @IsOptional()
  @ArrayMaxSize(50)
  source?: string[] | null;
}

@InputType()
export class LeadOrder extends RecordOrder {}

@InputType()
export class LeadFieldsInput {
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
  @Length(1, 200)
  company?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "A value of the lead status picklist." })
  status?: string | null;

  @Field(() => String, { nullable: true, description: "A value of the lead source picklist." })
  source?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(MAX_AMOUNT)
  annualRevenue?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  employees?: number | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the caller. Only CRM admins may assign others." })
  ownerId?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "Custom field values by name; on update, null removes a value." })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateLeadInput extends LeadFieldsInput {
  @Field(() => String)
  @Length(1, 100)
  lastName!: string;

  @Field(() => String, {
    nullable: true,
    description: "The website visitor ID of a tracked web form submission: that visitor's earlier and later visits and chats belong to this lead.",
  })
  @IsOptional()
  @Length(1, 200)
  visitorId?: string | null;
}

@InputType()
export class UpdateLeadInput extends LeadFieldsInput {}

@InputType()
export class ConvertDealInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => String, { description: "A value of the deal stage picklist." })
  stage!: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(MAX_AMOUNT)
  amount?: number | null;

  @Field(() => DateScalar, { nullable: true })
  closingDate?: string | null;
}

@InputType()
export class ConvertLeadInput {
  @Field(() => ID)
  leadId!: string;

  @Field(() => ConvertDealInput, { nullable: true, description: "Also create this deal for the new contact." })
  deal?: ConvertDealInput | null;
}
