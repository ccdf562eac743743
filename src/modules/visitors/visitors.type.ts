import { Field, Float, Int, ObjectType, createUnionType } from "type-graphql";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import { User } from "../identity/identity.type.js";
import { Node, type Model } from "../shared/node.type.js";
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
  VisitorType,
} from "./visitors.catalog.js";

export const VisitorRecord = createUnionType({
  name: "VisitorRecord",
  description: "The lead or contact a website visitor is.",
  types: () => [Lead, Contact] as const,
  resolveType: (value: { __typename: string }) => value.__typename,
});

@ObjectType({ description: "VIS-15: a visitor attribute filling a custom field of the leads or contacts it adds." })
export class AttributeMapping {
  @Field(() => VisitorAttribute)
  attribute!: VisitorAttribute;

  @Field(() => String, { description: "The custom field's name (leads' or contacts' as `addAs` says)." })
  field!: string;
}

@ObjectType({ description: "VIS-2..6, VIS-15: how visitors reach the CRM." })
export class VisitorSettings {
  @Field(() => AutoAddMode)
  autoAdd!: AutoAddMode;

  @Field(() => CustomerKind)
  addAs!: CustomerKind;

  @Field(() => TaskDue, { nullable: true, description: "A follow-up task for each auto-added visitor, due then; null: no task." })
  followUpTaskDue!: TaskDue | null;

  @Field(() => VisitorOwnerRule)
  owner!: VisitorOwnerRule;

  ownerUserId!: number | null;

  @Field(() => Boolean, { description: "A WEBSITE/VISIT_STARTED signal to the owner and watchers when a known lead or contact visits." })
  notifyVisits!: boolean;

  @Field(() => Boolean, { description: "Each visit of a known lead or contact goes on its timeline." })
  addVisitDetails!: boolean;

  @Field(() => Boolean, { description: "A finished chat is stored on the lead or contact as a PDF transcript." })
  attachTranscripts!: boolean;

  @Field(() => UnattendedDisplay)
  showUnattendedAs!: UnattendedDisplay;

  @Field(() => [AttributeMapping])
  attributeMappings!: AttributeMapping[];
}

@ObjectType({ description: "VIS-1: the link between the website's visitor tracking and chat service and the CRM." })
export class VisitorIntegration {
  orgId!: number;
  linkedAdminId!: number | null;

  @Field(() => Boolean, { description: "Pushes are accepted only while linked and enabled." })
  enabled!: boolean;

  @Field(() => Boolean)
  linked!: boolean;

  @Field(() => String, { nullable: true, description: "The integration key (bearer token of the pushes). CRM admins only; null for others." })
  key!: string | null;

  @Field(() => VisitorSettings)
  settings!: VisitorSettings;
}

@ObjectType({ description: "VIS-8: an action during a visit." })
export class VisitAction {
  @Field(() => VisitActionType)
  type!: VisitActionType;

  @Field(() => String, { description: "The page title (or the chat's)." })
  title!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => Int, { nullable: true })
  timeSpentSeconds!: number | null;
}

@ObjectType({ description: "UTM campaign fields of a visit." })
export class VisitCampaign {
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => String, { nullable: true }) medium!: string | null;
  @Field(() => String, { nullable: true }) term!: string | null;
  @Field(() => String, { nullable: true }) content!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
}

@ObjectType({ implements: Node, description: "VIS-7: a visit of the website." })
export class Visit extends Node implements Model {
  __typename!: "Visit";
  dbId!: number;
  recordType!: string | null;
  recordId!: number | null;
  attendedById!: number | null;
  timeSpentSeconds!: number;
  startedAt!: Date;

  @Field(() => String, { description: "The tracking service's id of the visitor (browser)." })
  visitorId!: string;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true, description: "The title of the page visited." })
  pageVisited!: string | null;

  @Field(() => String, { nullable: true })
  pageUrl!: string | null;

  @Field(() => Int, { description: "Time spent on the site, whole minutes (rounded down)." })
  timeSpentMinutes!: number;

  @Field(() => Int, { description: "Pages viewed: the ACCESS and NAVIGATE actions, at least 1." })
  pagesViewed!: number;

  @Field(() => String, { nullable: true })
  referrer!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: "From the user agent: name and major version." })
  browser!: string | null;

  @Field(() => String, { nullable: true, description: "From the user agent: name and version." })
  os!: string | null;

  @Field(() => VisitorType, { description: "As the CRM saw the visitor when the visit was recorded." })
  visitorType!: VisitorType;

  @Field(() => Float, { description: "The total amount of the visitor's won deals when the visit was recorded." })
  revenue!: number;

  @Field(() => DateTimeScalar)
  visitedAt!: Date;

  @Field(() => String, { nullable: true })
  searchEngine!: string | null;

  @Field(() => String, { nullable: true })
  searchKeyword!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  state!: string | null;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => VisitCampaign, { nullable: true })
  campaign!: VisitCampaign | null;
}

@ObjectType()
export class RecordVisitPayload {
  @Field(() => Visit)
  visit!: Visit;

  @Field(() => Boolean, { description: "True when this idempotency key was used before: the first visit is returned." })
  duplicate!: boolean;
}

@ObjectType()
export class ChatMessage {
  @Field(() => ChatSender)
  from!: ChatSender;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String)
  text!: string;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@ObjectType({ implements: Node, description: "VIS-11: a chat with a website visitor." })
export class Chat extends Node implements Model {
  __typename!: "Chat";
  dbId!: number;
  recordType!: string | null;
  recordId!: number | null;
  operatorId!: number | null;
  transcriptId!: number | null;
  visitDbId!: number | null;

  @Field(() => String)
  visitorId!: string;

  @Field(() => Boolean)
  attended!: boolean;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => String, { nullable: true })
  question!: string | null;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  endedAt!: Date | null;

  @Field(() => [ChatMessage])
  messages!: ChatMessage[];

  @Field(() => JSONScalar)
  attributes!: Record<string, unknown>;

  @Field(() => UnattendedDisplay, { nullable: true, description: "VIS-6: for an unattended visitor this chat added to the CRM, how to show them; null otherwise." })
  shownAs!: UnattendedDisplay | null;
}

@ObjectType()
export class RecordChatPayload {
  @Field(() => Chat)
  chat!: Chat;

  @Field(() => Boolean)
  duplicate!: boolean;
}

@ObjectType()
export class ContextField {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: "VIS-14: what the chat window shows of the visitor's CRM record; empty fields are omitted." })
export class ChatContext {
  recordType!: string;
  recordId!: number;

  @Field(() => [ContextField])
  fields!: ContextField[];

  @Field(() => Int)
  openDealCount!: number;

  @Field(() => Float)
  openDealAmount!: number;
}

@ObjectType()
export class RuleCondition {
  @Field(() => ConditionSubject)
  subject!: ConditionSubject;

  @Field(() => String, { nullable: true })
  field!: string | null;

  @Field(() => ConditionOperator)
  operator!: ConditionOperator;

  @Field(() => JSONScalar)
  value!: unknown;
}

@ObjectType()
export class VisitorTrigger {
  @Field(() => TriggerOn)
  on!: TriggerOn;

  @Field(() => TriggerAction)
  action!: TriggerAction;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => Int)
  delaySeconds!: number;

  @Field(() => String, { nullable: true, description: "The rule's name (in evaluateVisitorRules)." })
  ruleName?: string | null;
}

@ObjectType({ implements: Node, description: "VIS-16..18: a rule on CRM data." })
export class VisitorRule extends Node implements Model {
  __typename!: "VisitorRule";
  dbId!: number;
  operatorIdsDb!: number[];

  @Field(() => RuleKind)
  kind!: RuleKind;

  @Field(() => String)
  name!: string;

  @Field(() => RuleMatch)
  match!: RuleMatch;

  @Field(() => [RuleCondition])
  conditions!: RuleCondition[];

  @Field(() => Int, { nullable: true, description: "PRIORITY rules: higher comes first." })
  priority!: number | null;

  @Field(() => VisitorTrigger, { nullable: true })
  trigger!: VisitorTrigger | null;
}

@ObjectType({ description: "What the rules say about a visitor now." })
export class VisitorRuleEvaluation {
  operatorIds!: number[];

  @Field(() => Int, { nullable: true, description: "The highest priority of the PRIORITY rules that hold; null: none holds." })
  priority!: number | null;

  @Field(() => [VisitorTrigger])
  triggers!: VisitorTrigger[];
}

@ObjectType({ description: "A visitor on the site now (a visit in the last minutes), with their priority." })
export class LiveVisitor {
  @Field(() => String)
  visitorId!: string;

  @Field(() => Int, { nullable: true })
  priority!: number | null;

  @Field(() => Visit)
  lastVisit!: Visit;
}

export { User };
