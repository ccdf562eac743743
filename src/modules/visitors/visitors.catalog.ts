import { registerEnumType } from "type-graphql";

/** VIS-2: which new visitors are added to the CRM automatically. */
export enum AutoAddMode {
  NONE = "NONE",
  UNATTENDED = "UNATTENDED",
  ATTENDED = "ATTENDED",
  ACCESSED = "ACCESSED",
  ATTENDED_AND_UNATTENDED = "ATTENDED_AND_UNATTENDED",
  ALL = "ALL",
}
registerEnumType(AutoAddMode, {
  name: "AutoAddMode",
  description:
    "VIS-2: which new visitors are added automatically. UNATTENDED: their chat went unanswered; ATTENDED: an operator answered their chat; ACCESSED: they visited and did not chat; ALL: every one; NONE: none (adding from a chat by hand still works).",
});

export enum CustomerKind {
  LEAD = "LEAD",
  CONTACT = "CONTACT",
}
registerEnumType(CustomerKind, { name: "CustomerKind", description: "VIS-3: a lead or a contact." });

export enum TaskDue {
  TODAY = "TODAY",
  TOMORROW = "TOMORROW",
  IN_7_DAYS = "IN_7_DAYS",
  IN_14_DAYS = "IN_14_DAYS",
}
registerEnumType(TaskDue, { name: "TaskDue", description: "VIS-4: when a follow-up task is due, in the org's time zone." });
export const DUE_DAYS: Record<TaskDue, number> = { TODAY: 0, TOMORROW: 1, IN_7_DAYS: 7, IN_14_DAYS: 14 };

export enum VisitorOwnerRule {
  USER = "USER",
  ATTENDING_OPERATOR = "ATTENDING_OPERATOR",
}
registerEnumType(VisitorOwnerRule, {
  name: "VisitorOwnerRule",
  description: "VIS-5: who owns an auto-added visitor: `ownerUser`, or the operator who attended the chat (the linked CRM admin when the operator has no CRM user, or nobody attended).",
});

export enum UnattendedDisplay {
  TRACKED = "TRACKED",
  UNATTENDED = "UNATTENDED",
}
registerEnumType(UnattendedDisplay, { name: "UnattendedDisplay", description: "VIS-6: how an auto-added unattended visitor is shown: as tracked in the CRM, or as unattended." });

export enum VisitorType {
  CUSTOMER = "CUSTOMER",
  DEAL = "DEAL",
  LEAD = "LEAD",
  CONTACT = "CONTACT",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(VisitorType, {
  name: "VisitorType",
  description:
    "VIS-7, as the CRM saw the visitor at the time of the visit: DEAL a contact with an open deal; CUSTOMER a contact with a won deal and none open; CONTACT another contact; LEAD a lead; UNKNOWN no lead or contact.",
});

export enum VisitView {
  ALL = "ALL",
  TODAY = "TODAY",
  TOP = "TOP",
  TODAY_TOP = "TODAY_TOP",
  LEADS = "LEADS",
  CONTACTS = "CONTACTS",
}
registerEnumType(VisitView, {
  name: "VisitView",
  description:
    "VIS-9 list views. ALL, TODAY (visits started today in the org's time zone), LEADS and CONTACTS (visits of known leads / contacts): newest first. TOP and TODAY_TOP: the top visits, ranked by time spent on the site (most first), then pages viewed (most first), then newest.",
});

export enum VisitActionType {
  ACCESS = "ACCESS",
  NAVIGATE = "NAVIGATE",
  CHAT = "CHAT",
}
registerEnumType(VisitActionType, { name: "VisitActionType", description: "VIS-8: what the visitor did: landed on a page, moved to another, chatted." });

export enum ChatSender {
  VISITOR = "VISITOR",
  OPERATOR = "OPERATOR",
}
registerEnumType(ChatSender, { name: "ChatSender" });

export enum RuleKind {
  ASSIGNMENT = "ASSIGNMENT",
  PRIORITY = "PRIORITY",
  TRIGGER = "TRIGGER",
}
registerEnumType(RuleKind, { name: "RuleKind", description: "VIS-16 assignment (route to operators), VIS-17 prioritisation (order live visitors), VIS-18 triggers (act on the website)." });

export enum RuleMatch {
  ALL = "ALL",
  ANY = "ANY",
}
registerEnumType(RuleMatch, { name: "RuleMatch", description: "ALL: every condition holds; ANY: at least one." });

export enum ConditionSubject {
  LEAD_FIELD = "LEAD_FIELD",
  CONTACT_FIELD = "CONTACT_FIELD",
  OPEN_DEAL_COUNT = "OPEN_DEAL_COUNT",
  OPEN_DEAL_AMOUNT = "OPEN_DEAL_AMOUNT",
  VISITOR_TYPE = "VISITOR_TYPE",
}
registerEnumType(ConditionSubject, {
  name: "ConditionSubject",
  description: "What a rule condition reads: a field of the visitor's lead or contact (`field`: a standard field or a custom field's name), the contact's open deal count or amount, or the visitor type.",
});

export enum ConditionOperator {
  EQ = "EQ",
  NEQ = "NEQ",
  GT = "GT",
  GTE = "GTE",
  LT = "LT",
  LTE = "LTE",
  CONTAINS = "CONTAINS",
  IN = "IN",
}
registerEnumType(ConditionOperator, {
  name: "ConditionOperator",
  description: "GT/GTE/LT/LTE on numbers and dates; CONTAINS on text (case-insensitive); IN takes a list; EQ/NEQ on any type.",
});

export enum TriggerOn {
  LANDING_PAGE = "LANDING_PAGE",
  ANY_PAGE = "ANY_PAGE",
}
registerEnumType(TriggerOn, { name: "TriggerOn" });

export enum TriggerAction {
  SHOW_MESSAGE = "SHOW_MESSAGE",
  OPEN_CHAT = "OPEN_CHAT",
}
registerEnumType(TriggerAction, { name: "TriggerAction" });

/** VIS-15: visitor attributes that can be mapped onto custom fields, with their value type. */
export enum VisitorAttribute {
  SCREEN_RESOLUTION = "SCREEN_RESOLUTION",
  USER_AGENT = "USER_AGENT",
  PLATFORM = "PLATFORM",
  REFERRER = "REFERRER",
  BROWSER = "BROWSER",
  OS = "OS",
  PAGE_TITLE = "PAGE_TITLE",
  SEARCH_ENGINE = "SEARCH_ENGINE",
  SEARCH_KEYWORD = "SEARCH_KEYWORD",
  LOCATION = "LOCATION",
  TIME_ZONE = "TIME_ZONE",
  CITY = "CITY",
  STATE = "STATE",
  IP = "IP",
  LANGUAGE = "LANGUAGE",
  COORDINATES = "COORDINATES",
  POSTCODE = "POSTCODE",
  CAMPAIGN_SOURCE = "CAMPAIGN_SOURCE",
  CAMPAIGN_MEDIUM = "CAMPAIGN_MEDIUM",
  CAMPAIGN_TERM = "CAMPAIGN_TERM",
  CAMPAIGN_CONTENT = "CAMPAIGN_CONTENT",
  CAMPAIGN_NAME = "CAMPAIGN_NAME",
  VISITOR_ID = "VISITOR_ID",
  NAME = "NAME",
  EMAIL = "EMAIL",
  QUESTION = "QUESTION",
  DEPARTMENT = "DEPARTMENT",
  EMBED = "EMBED",
  PHONE = "PHONE",
  UNATTENDED_REASON = "UNATTENDED_REASON",
  WAITING_TIME = "WAITING_TIME",
  CHAT_DURATION = "CHAT_DURATION",
  LEAD_SCORE = "LEAD_SCORE",
}
registerEnumType(VisitorAttribute, {
  name: "VisitorAttribute",
  description:
    "VIS-15: a visitor attribute that can fill a custom field when the visitor is added. WAITING_TIME, CHAT_DURATION (seconds) and LEAD_SCORE are numbers (NUMBER or TEXT fields); the rest are text (TEXT fields). Values come from the chat's `attributes` (the attribute's camelCase name: `screenResolution`, `waitingTime`...) or from the chat and its visit.",
});

export const NUMERIC_ATTRIBUTES = new Set<VisitorAttribute>([VisitorAttribute.WAITING_TIME, VisitorAttribute.CHAT_DURATION, VisitorAttribute.LEAD_SCORE]);

/** SCREEN_RESOLUTION -> screenResolution: the attribute's key in a chat's `attributes`. */
export const attributeKey = (a: VisitorAttribute) => a.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
