import { ArrayMaxSize, IsEmail, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { DateScalar, DateTimeScalar, JSONScalar } from "../shared/scalars.js";
import { OrderDirection, RecordSortField, TaskPriority, TaskStatus } from "./record.type.js";

const PHONE = /^\+?[0-9][0-9 ()\-.]{2,29}$/;
const PHONE_MESSAGE = "must be a phone number: digits, spaces, ( ) - . and an optional leading +";
const MAX_AMOUNT = 1e15;

// ---- lists ----

// Each module's filter and order inherit these fields; the base types themselves are never referenced.
@InputType()
export class RecordFilter {
  @Field(() => ID, { nullable: true, description: "Only records owned by this user." })
  ownerId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Created at or after." })
  createdFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Created before." })
  createdTo?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Modified at or after." })
  updatedFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Modified before." })
  updatedTo?: Date | null;

  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name, email or company." })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

// Each module's filter and order inherit these fields; the base types themselves are never referenced.
@InputType()
export class RecordOrder {
  @Field(() => RecordSortField, { defaultValue: RecordSortField.CREATED_AT })
  field!: RecordSortField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

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
export class ContactFilter extends RecordFilter {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => [String], { nullable: true, description: "Any of these lead sources." })
  @IsOptional()
  @ArrayMaxSize(50)
  source?: string[] | null;
}

@InputType()
export class AccountFilter extends RecordFilter {}

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
export class TaskFilter extends RecordFilter {
  @Field(() => [TaskStatus], { nullable: true })
  status?: TaskStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: "true: open tasks only; false: completed ones only." })
  open?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Tasks about this lead, contact, account or deal." })
  recordId?: string | null;
}

@InputType()
export class LeadOrder extends RecordOrder {}
@InputType()
export class ContactOrder extends RecordOrder {}
@InputType()
export class AccountOrder extends RecordOrder {}
@InputType()
export class DealOrder extends RecordOrder {}
@InputType()
export class TaskOrder extends RecordOrder {}

// ---- leads ----

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
    description: "VIS-10: the website visitor id of a tracked web form submission; that visitor's earlier and later visits and chats belong to this lead.",
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

// ---- contacts ----

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

// ---- accounts ----

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

// ---- deals ----

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

// ---- tasks ----

@InputType()
export class TaskFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  subject?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: string | null;

  @Field(() => TaskStatus, { nullable: true, description: "Defaults to NOT_STARTED." })
  status?: TaskStatus | null;

  @Field(() => TaskPriority, { nullable: true, description: "Defaults to NORMAL." })
  priority?: TaskPriority | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: "The lead, contact, account or deal the task is about." })
  recordId?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateTaskInput extends TaskFieldsInput {
  @Field(() => String)
  @Length(1, 300)
  subject!: string;
}

@InputType()
export class UpdateTaskInput extends TaskFieldsInput {}

// ---- notes and attachments ----

@InputType()
export class CreateNoteInput {
  @Field(() => ID, { description: "A lead, contact, account or deal." })
  recordId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  title?: string | null;

  @Field(() => String)
  @Length(1, 20_000)
  body!: string;
}

@InputType()
export class AddAttachmentInput {
  @Field(() => ID, { description: "A lead, contact, account or deal." })
  recordId!: string;

  @Field(() => String)
  @Length(1, 255)
  @Matches(/^[^/\\\0]+$/, { message: "must be a file name without a path" })
  fileName!: string;

  @Field(() => String, { description: "A MIME type, e.g. `application/pdf`." })
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: "must be a MIME type such as application/pdf" })
  contentType!: string;

  @Field(() => String, { description: "The file's bytes, base64-encoded. The size cap is in the README." })
  contentBase64!: string;
}
