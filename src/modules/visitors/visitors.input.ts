import { ArrayMaxSize, IsEmail, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";
import {
  AutoAddMode,
  ChatSender,
  ConditionOperator,
  ConditionSubject,
  CustomerKind,
  RuleKind,
  RuleMatch,
  TaskDue,
  TriggerAction,
  TriggerOn,
  UnattendedDisplay,
  VisitActionType,
  VisitorAttribute,
  VisitorOwnerRule,
  VisitView,
} from "./visitors.catalog.js";

const PHONE = /^\+?[0-9][0-9 ()\-.]{2,29}$/;

@InputType()
export class LinkVisitorIntegrationInput {
  @Field(() => String)
  @MaxLength(320)
  adminEmail!: string;

  @Field(() => String)
  @MaxLength(200)
  key!: string;
}

@InputType()
export class AttributeMappingInput {
  @Field(() => VisitorAttribute)
  attribute!: VisitorAttribute;

  @Field(() => String, { description: "A custom field's name of the leads or contacts visitors are added as." })
  @Length(1, 100)
  field!: string;
}

@InputType({ description: "Only the fields given change." })
export class VisitorSettingsInput {
  @Field(() => AutoAddMode, { nullable: true }) autoAdd?: AutoAddMode | null;
  @Field(() => CustomerKind, { nullable: true }) addAs?: CustomerKind | null;

  @Field(() => TaskDue, { nullable: true, description: "Null: no follow-up task." })
  followUpTaskDue?: TaskDue | null;

  @Field(() => VisitorOwnerRule, { nullable: true }) owner?: VisitorOwnerRule | null;

  @Field(() => ID, { nullable: true, description: "The owner when `owner` is USER: an active user of the org." })
  ownerUserId?: string | null;

  @Field(() => Boolean, { nullable: true }) notifyVisits?: boolean | null;
  @Field(() => Boolean, { nullable: true }) addVisitDetails?: boolean | null;
  @Field(() => Boolean, { nullable: true }) attachTranscripts?: boolean | null;
  @Field(() => UnattendedDisplay, { nullable: true }) showUnattendedAs?: UnattendedDisplay | null;

  @Field(() => [AttributeMappingInput], { nullable: true, description: "Replaces every mapping." })
  @IsOptional()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  attributeMappings?: AttributeMappingInput[] | null;
}

@InputType()
export class CampaignInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) source?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) medium?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) term?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) content?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;
}

@InputType({ description: "Who the visitor said they are: matched to a lead or contact by email, else phone." })
export class VisitorIdentityInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: "must be a phone number" })
  phone?: string | null;
}

@InputType()
export class VisitActionInput {
  @Field(() => VisitActionType) type!: VisitActionType;

  @Field(() => String)
  @Length(1, 500)
  title!: string;

  @Field(() => DateTimeScalar) at!: Date;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  timeSpentSeconds?: number | null;
}

@InputType()
export class RecordVisitInput {
  @Field(() => String, { description: "Unique per visit within your org: a repeat returns the first visit." })
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => String) @Length(1, 200) visitorId!: string;

  @Field(() => DateTimeScalar, { description: "At most 5 minutes in the future." })
  startedAt!: Date;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(64) ip?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) userAgent?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) pageUrl?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) pageTitle?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) referrer?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) searchEngine?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) searchKeyword?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) city?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) state?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) country?: string | null;

  @Field(() => Int, { nullable: true, description: "Seconds on the site during the visit." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  timeSpentSeconds?: number | null;

  @Field(() => CampaignInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  campaign?: CampaignInput | null;

  @Field(() => VisitorIdentityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  visitor?: VisitorIdentityInput | null;

  @Field(() => String, { nullable: true, description: "The email of the operator who attended the visitor." })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  attendedBy?: string | null;

  @Field(() => [VisitActionInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  actions?: VisitActionInput[] | null;
}

@InputType()
export class ChatMessageInput {
  @Field(() => ChatSender) from!: ChatSender;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;
  @Field(() => String) @Length(1, 10_000) text!: string;
  @Field(() => DateTimeScalar) at!: Date;
}

@InputType()
export class RecordChatInput {
  @Field(() => String) @Length(1, 200) idempotencyKey!: string;
  @Field(() => String) @Length(1, 200) visitorId!: string;

  @Field(() => ID, { nullable: true, description: "The visit the chat happened in." })
  visitId?: string | null;

  @Field(() => Boolean) attended!: boolean;

  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(320) operatorEmail?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 500) subject?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 2000) question?: string | null;
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "Set when the chat is finished." }) endedAt?: Date | null;

  @Field(() => VisitorIdentityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  visitor?: VisitorIdentityInput | null;

  @Field(() => JSONScalar, { nullable: true, description: "VIS-15 visitor attributes by camelCase name (screenResolution, department, waitingTime...). At most 16 KiB." })
  attributes?: Record<string, unknown> | null;

  @Field(() => [ChatMessageInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  messages?: ChatMessageInput[] | null;
}

@InputType()
export class VisitFilter {
  @Field(() => ID, { nullable: true, description: "A lead or contact." }) recordId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Started at or after." }) from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Started before." }) to?: Date | null;
}

@InputType()
export class AddVisitorAsLeadInput {
  @Field(() => ID) chatId!: string;
  @Field(() => String, { nullable: true, description: "Default: the visitor's name, else their email." }) @IsOptional() @Length(1, 100) lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) company?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(PHONE, { message: "must be a phone number" }) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() status?: string | null;
  @Field(() => ID, { nullable: true }) ownerId?: string | null;
}

@InputType()
export class AddVisitorAsContactInput {
  @Field(() => ID) chatId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100) lastName?: string | null;
  @Field(() => String, { nullable: true, description: "An account found by name, or created." }) @IsOptional() @Length(1, 200) accountName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(PHONE, { message: "must be a phone number" }) phone?: string | null;
  @Field(() => ID, { nullable: true }) ownerId?: string | null;
  @Field(() => TaskDue, { nullable: true, description: "A follow-up task due then." }) taskDue?: TaskDue | null;
}

@InputType()
export class RuleConditionInput {
  @Field(() => ConditionSubject) subject!: ConditionSubject;
  @Field(() => String, { nullable: true, description: "LEAD_FIELD and CONTACT_FIELD: a standard field or a custom field's name." })
  @IsOptional()
  @Length(1, 100)
  field?: string | null;
  @Field(() => ConditionOperator) operator!: ConditionOperator;
  @Field(() => JSONScalar) value!: unknown;
}

@InputType()
export class TriggerInput {
  @Field(() => TriggerOn) on!: TriggerOn;
  @Field(() => TriggerAction) action!: TriggerAction;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 1000) message?: string | null;
  @Field(() => Int, { defaultValue: 0 }) @IsInt() @Min(0) @Max(3600) delaySeconds!: number;
}

@InputType()
export class VisitorRuleInput {
  @Field(() => RuleKind) kind!: RuleKind;
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => RuleMatch, { defaultValue: RuleMatch.ALL }) match!: RuleMatch;

  @Field(() => [RuleConditionInput])
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  conditions!: RuleConditionInput[];

  @Field(() => [ID], { nullable: true, description: "ASSIGNMENT: the operators (users) to route to." })
  @IsOptional()
  @ArrayMaxSize(50)
  operatorIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: "PRIORITY: higher first." })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number | null;

  @Field(() => TriggerInput, { nullable: true, description: "TRIGGER: what the widget does." })
  @IsOptional()
  @ValidateNested()
  trigger?: TriggerInput | null;
}

export { VisitView };
