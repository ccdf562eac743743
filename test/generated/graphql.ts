/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AdminInput = {
  email: string;
  name: string;
};

/** The apps of the suite a user can be given access to. */
export type App =
  | 'ANALYTICS'
  | 'CAMPAIGNS'
  | 'CRM'
  | 'DESK'
  | 'PROJECTS'
  | 'SALES_INBOX'
  | 'SALES_IQ'
  | 'SOCIAL'
  | 'SURVEY';

export type AppAccessInput = {
  app: App;
  role: AppRole;
};

/** A user's role within one app. */
export type AppRole =
  | 'ADMIN'
  | 'USER';

/** Where an interaction happened. */
export type Channel =
  | 'CALL'
  | 'CAMPAIGN'
  | 'CHAT'
  | 'DESK'
  | 'EMAIL'
  | 'EVENT'
  | 'FACEBOOK'
  | 'MEETING'
  | 'PORTAL'
  | 'SURVEY'
  | 'WEBINAR'
  | 'WEBSITE'
  | 'X';

export type ConvertDealInput = {
  amount?: number | null | undefined;
  closingDate?: string | null | undefined;
  name: string;
  /** A value of the deal stage picklist. */
  stage: string;
};

export type ConvertLeadInput = {
  /** Also create this deal for the new contact. */
  deal?: ConvertDealInput | null | undefined;
  leadId: string | number;
};

export type CreateAccountInput = {
  customFields?: Record<string, unknown> | null | undefined;
  name: string;
  ownerId?: string | number | null | undefined;
  phone?: string | null | undefined;
  website?: string | null | undefined;
};

export type CreateContactInput = {
  accountId?: string | number | null | undefined;
  customFields?: Record<string, unknown> | null | undefined;
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName: string;
  /** Defaults to the caller. Only CRM admins may assign others. */
  ownerId?: string | number | null | undefined;
  phone?: string | null | undefined;
  /** A value of the lead source picklist. */
  source?: string | null | undefined;
};

export type CreateDealInput = {
  accountId?: string | number | null | undefined;
  amount?: number | null | undefined;
  closingDate?: string | null | undefined;
  contactId?: string | number | null | undefined;
  customFields?: Record<string, unknown> | null | undefined;
  expectedRevenue?: number | null | undefined;
  name: string;
  ownerId?: string | number | null | undefined;
  /** A value of the deal stage picklist. */
  stage: string;
};

export type CreateLeadInput = {
  annualRevenue?: number | null | undefined;
  company?: string | null | undefined;
  /** Custom field values by name; on update, null removes a value. */
  customFields?: Record<string, unknown> | null | undefined;
  email?: string | null | undefined;
  employees?: number | null | undefined;
  firstName?: string | null | undefined;
  lastName: string;
  /** Defaults to the caller. Only CRM admins may assign others. */
  ownerId?: string | number | null | undefined;
  phone?: string | null | undefined;
  /** A value of the lead source picklist. */
  source?: string | null | undefined;
  /** A value of the lead status picklist. */
  status?: string | null | undefined;
  /** The website visitor ID of a tracked web form submission: that visitor's earlier and later visits and chats belong to this lead. */
  visitorId?: string | null | undefined;
};

export type CreateNoteInput = {
  body: string;
  /** A lead, contact, account or deal. */
  recordId: string | number;
  title?: string | null | undefined;
};

export type CreateOrganizationInput = {
  admin: AdminInput;
  name: string;
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone?: string;
  trial?: boolean;
};

export type CreateTaskInput = {
  customFields?: Record<string, unknown> | null | undefined;
  dueDate?: string | null | undefined;
  ownerId?: string | number | null | undefined;
  /** Defaults to NORMAL. */
  priority?: TaskPriority | null | undefined;
  /** The lead, contact, account or deal the task is about. */
  recordId?: string | number | null | undefined;
  /** Defaults to NOT_STARTED. */
  status?: TaskStatus | null | undefined;
  subject: string;
};

export type CreateUserInput = {
  /** Apps the user may reach and their role in each; defaults to CRM as USER. */
  apps?: Array<AppAccessInput> | null | undefined;
  email: string;
  /** Invite instead of adding an active user: the user is INVITED, counts against the trial limit, and `token` is their invitation token (accepted with `acceptInvitation`), not an API token. */
  invite?: boolean;
  name: string;
};

/** The outcome of a follow-up. */
export type FollowUpStatus =
  | 'ANSWERED'
  | 'BOUNCED'
  | 'CLOSED'
  | 'DELIVERED'
  | 'ESCALATED'
  | 'ON_HOLD'
  | 'OPEN'
  | 'UNANSWERED';

export type IngestSignalInput = {
  customer?: SignalCustomerInput | null | undefined;
  /** Event details (subject, url, surveyName and questionsAnswered, ticketNumber, rating, eventName, page...). At most 16 KiB. */
  details?: Record<string, unknown> | null | undefined;
  /** Must be one of the source's events. */
  event: SignalEvent;
  /** Unique per signal within your org: a repeat returns the first result. */
  idempotencyKey: string;
  /** When the customer acted; at most 5 minutes in the future (clock skew). */
  occurredAt: string;
  /** The lead or contact; or give `customer`. */
  recordId?: string | number | null | undefined;
  source: SignalSource;
  /** One line for the notification; made from the details when absent. */
  summary?: string | null | undefined;
};

/** Something a user did towards the customer. */
export type LogFollowUpInput = {
  /** What was done, e.g. "Call placed", "Email sent", "Comment added" (1 to 100 characters). */
  action: string;
  channel: Channel;
  /** A JSON object of at most 16 KiB: subject, duration, ticket number... */
  details?: Record<string, unknown> | null | undefined;
  /** Unique per follow-up within your org (1 to 200 characters): a repeat returns the first entry and stores nothing, so integrations can retry safely. */
  idempotencyKey?: string | null | undefined;
  /** When it happened; now by default. At most 5 minutes in the future. */
  occurredAt?: string | null | undefined;
  /** Who performed it: yourself by default. CRM admins and integrations may name another active user of the organisation. */
  performedBy?: string | number | null | undefined;
  /** The lead or contact. */
  recordId: string | number;
  /** The outcome; it must belong to the channel: CALL: ANSWERED, UNANSWERED; EMAIL: DELIVERED, BOUNCED; DESK: OPEN, CLOSED, ON_HOLD, ESCALATED. Other channels take none. */
  status?: FollowUpStatus | null | undefined;
  /** At most 2,000 characters. */
  summary?: string | null | undefined;
};

/** Who the signal is about, when no record id is given: resolved within your org. */
export type SignalCustomerInput = {
  email?: string | null | undefined;
  handle?: string | null | undefined;
  /** FACEBOOK or X, with `handle`. */
  network?: string | null | undefined;
  /** Matched on its digits. */
  phone?: string | null | undefined;
};

/** A customer action; each belongs to one SignalSource. */
export type SignalEvent =
  | 'CAMPAIGN_CLICKED'
  | 'CAMPAIGN_HARD_BOUNCE'
  | 'CAMPAIGN_OPENED'
  | 'CAMPAIGN_SOFT_BOUNCE'
  | 'CHAT_UNATTENDED'
  | 'EMAIL_BOUNCED'
  | 'EMAIL_CLICKED'
  | 'EMAIL_OPENED'
  | 'EMAIL_RECEIVED'
  | 'EVENT_CHECKED_IN'
  | 'EVENT_TICKET_CANCELLED'
  | 'EVENT_TICKET_PURCHASED'
  | 'HAPPINESS_RATING'
  | 'MISSED_CALL'
  | 'SOCIAL_MENTION'
  | 'SOCIAL_MESSAGE'
  | 'SURVEY_RESPONDED'
  | 'TICKET_COMMENTED'
  | 'TICKET_CREATED'
  | 'TICKET_ESCALATED'
  | 'TICKET_OVERDUE'
  | 'TICKET_REPLIED'
  | 'VISIT_STARTED'
  | 'WEBINAR_REGISTERED';

/** Where a customer action was seen. */
export type SignalSource =
  | 'CALL'
  | 'CAMPAIGN'
  | 'CHAT'
  | 'DESK'
  | 'EMAIL_ANALYTICS'
  | 'EVENT'
  | 'INCOMING_EMAIL'
  | 'SOCIAL'
  | 'SURVEY'
  | 'WEBINAR'
  | 'WEBSITE';

export type TaskPriority =
  | 'HIGH'
  | 'HIGHEST'
  | 'LOW'
  | 'LOWEST'
  | 'NORMAL';

/** A task is open until it is COMPLETED. */
export type TaskStatus =
  | 'COMPLETED'
  | 'DEFERRED'
  | 'IN_PROGRESS'
  | 'NOT_STARTED'
  | 'WAITING_FOR_INPUT';

/** Every given filter must hold. Use at most one of `period`, `date` and `from`/`to`. Milestones are on no channel, so `channels` leaves them out; signals are performed by the customer, so `userIds` leaves them out. */
export type TimelineFilter = {
  /** Only entries on one of these channels. */
  channels?: Array<Channel> | null | undefined;
  /** One calendar day in the organisation's time zone. */
  date?: string | null | undefined;
  /** From this instant, inclusive. */
  from?: string | null | undefined;
  period?: TimelinePeriod | null | undefined;
  /** Only entries of these sides (within the view). */
  sides?: Array<TimelineSide> | null | undefined;
  /** Up to this instant, exclusive. */
  to?: string | null | undefined;
  /** Only follow-ups and milestones performed by one of these users. */
  userIds?: Array<string | number> | null | undefined;
};

/** By `occurredAt`, then by entry. */
export type TimelineOrder =
  | 'NEWEST_FIRST'
  | 'OLDEST_FIRST';

/** Calendar days in the organisation's time zone; LAST_7_DAYS and LAST_30_DAYS end with today and include it. */
export type TimelinePeriod =
  | 'LAST_7_DAYS'
  | 'LAST_30_DAYS'
  | 'TODAY'
  | 'YESTERDAY';

/** SIGNAL: the customer acted; FOLLOW_UP: a user acted towards the customer; MILESTONE: a picklist value changed. */
export type TimelineSide =
  | 'FOLLOW_UP'
  | 'MILESTONE'
  | 'SIGNAL';

/** What a timeline page holds. */
export type TimelineView =
  /** Signals, follow-ups and milestones. */
  | 'ALL'
  /** Milestones only. Each carries `precedingInteraction`, the signal or follow-up immediately preceding it. */
  | 'MILESTONES'
  /** Signals only. Each carries `precedingFollowUp`, the follow-up immediately preceding it (the latest follow-up before it); the follow-ups between the previous signal and that one are collapsed and fetched on demand with `collapsedFollowUps`. */
  | 'SIGNALS';

export type CreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type CreateOrganizationMutation = { createOrganization: { token: string, organization: { id: string }, admin: { id: string } } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { token: string, user: { id: string } } };

export type CreateIntegrationKeyMutationVariables = Exact<{
  name: string;
}>;


export type CreateIntegrationKeyMutation = { createIntegrationKey: { id: string, key: string } };

export type CreateContactMutationVariables = Exact<{
  input: CreateContactInput;
}>;


export type CreateContactMutation = { createContact: { id: string, name: string, account: { id: string } | null, owner: { id: string } | null } };

export type CreateAccountMutationVariables = Exact<{
  input: CreateAccountInput;
}>;


export type CreateAccountMutation = { createAccount: { id: string, name: string } };

export type CreateDealMutationVariables = Exact<{
  input: CreateDealInput;
}>;


export type CreateDealMutation = { createDeal: { id: string, name: string, stage: string, amount: number | null, isOpen: boolean } };

export type CreateTaskMutationVariables = Exact<{
  input: CreateTaskInput;
}>;


export type CreateTaskMutation = { createTask: { id: string, subject: string, status: TaskStatus, isOpen: boolean } };

export type CreateNoteMutationVariables = Exact<{
  input: CreateNoteInput;
}>;


export type CreateNoteMutation = { createNote: { id: string, body: string } };

export type IngestSignalMutationVariables = Exact<{
  input: IngestSignalInput;
}>;


export type IngestSignalMutation = { ingestSignal: { duplicate: boolean, entry: { id: string, side: TimelineSide, channel: Channel | null, event: string, source: string | null, summary: string | null, occurredAt: string, details: Record<string, unknown>, reaction: { questionsAnswered: number | null, timeSpentSeconds: number | null, pagesViewed: number | null } | null } } };

export type LogFollowUpMutationVariables = Exact<{
  input: LogFollowUpInput;
}>;


export type LogFollowUpMutation = { logFollowUp: { id: string, side: TimelineSide, channel: Channel | null, event: string, status: FollowUpStatus | null, summary: string | null, occurredAt: string, details: Record<string, unknown>, performedBy: { id: string } | null } };

export type NotificationAddedSubscriptionVariables = Exact<{
  after?: string | null | undefined;
  sources?: Array<SignalSource> | SignalSource | null | undefined;
  recordId?: string | number | null | undefined;
}>;


export type NotificationAddedSubscription = { notificationAdded: { id: string, cursor: string, source: SignalSource, event: SignalEvent, summary: string, read: boolean, record:
      | { id: string, name: string }
      | { id: string, name: string }
     | null, entry: { id: string, event: string } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, name: string, email: string, organization: { id: string, name: string } } };

export type ContactsWithDealsQueryVariables = Exact<{
  first: number;
}>;


export type ContactsWithDealsQuery = { contacts: { edges: Array<{ node: { id: string, name: string, openDealCount: number, openDealAmount: number, owner: { id: string, name: string } | null, account: { id: string, name: string } | null, deals: { edges: Array<{ node: { id: string, name: string, stage: string, amount: number | null } }> } } }> } };

export type CreateLeadMutationVariables = Exact<{
  input: CreateLeadInput;
}>;


export type CreateLeadMutation = { createLead: { id: string, name: string, status: string | null, customFields: Record<string, unknown>, owner: { id: string } | null } };

export type ConvertLeadMutationVariables = Exact<{
  input: ConvertLeadInput;
}>;


export type ConvertLeadMutation = { convertLead: { contact: { id: string }, account: { id: string } | null, deal: { id: string } | null } };

export type LeadTimelineQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
  filter?: TimelineFilter | null | undefined;
  view?: TimelineView | null | undefined;
  order?: TimelineOrder | null | undefined;
}>;


export type LeadTimelineQuery = { node:
    | { id: string, name: string, timeline: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, side: TimelineSide, channel: Channel | null, event: string, status: FollowUpStatus | null, summary: string | null, occurredAt: string, intervalSeconds: number | null, idle: boolean | null, averageIntervalSeconds: number | null, performedBy: { id: string, name: string } | null, reaction: { questionsAnswered: number | null, timeSpentSeconds: number | null, pagesViewed: number | null } | null, milestone: { field: string, oldValue: string | null, newValue: string | null, daysInPrevious: number, interactionCount: number } | null, precedingFollowUp: { id: string, event: string } | null, precedingInteraction: { id: string, event: string } | null, collapsedFollowUps: { totalCount: number, edges: Array<{ node: { id: string } }> } } }> }, timelineSummary: { totalInteractions: number, bestResponseChannel: Channel | null, lastInteractionAt: string | null, idle: boolean | null } }
    | Record<PropertyKey, never>
   | null };


export const CreateOrganizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateOrganization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateOrganizationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createOrganization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"admin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}}]}}]} as unknown as DocumentNode<CreateOrganizationMutation, CreateOrganizationMutationVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const CreateIntegrationKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateIntegrationKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createIntegrationKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]} as unknown as DocumentNode<CreateIntegrationKeyMutation, CreateIntegrationKeyMutationVariables>;
export const CreateContactDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateContact"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createContact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<CreateContactMutation, CreateContactMutationVariables>;
export const CreateAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAccountInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CreateAccountMutation, CreateAccountMutationVariables>;
export const CreateDealDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateDeal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDealInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDeal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}}]}}]} as unknown as DocumentNode<CreateDealMutation, CreateDealMutationVariables>;
export const CreateTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTaskInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}}]}}]}}]} as unknown as DocumentNode<CreateTaskMutation, CreateTaskMutationVariables>;
export const CreateNoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateNote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateNoteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createNote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}}]}}]} as unknown as DocumentNode<CreateNoteMutation, CreateNoteMutationVariables>;
export const IngestSignalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IngestSignal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IngestSignalInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestSignal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"duplicate"}},{"kind":"Field","name":{"kind":"Name","value":"entry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"side"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"reaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"questionsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"pagesViewed"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IngestSignalMutation, IngestSignalMutationVariables>;
export const LogFollowUpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogFollowUp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogFollowUpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logFollowUp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"side"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<LogFollowUpMutation, LogFollowUpMutationVariables>;
export const NotificationAddedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"NotificationAdded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sources"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignalSource"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"recordId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationAdded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"sources"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sources"}}},{"kind":"Argument","name":{"kind":"Name","value":"recordId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"recordId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"record"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Lead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Contact"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"entry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}}]}}]}}]}}]} as unknown as DocumentNode<NotificationAddedSubscription, NotificationAddedSubscriptionVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const ContactsWithDealsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactsWithDeals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openDealCount"}},{"kind":"Field","name":{"kind":"Name","value":"openDealAmount"}},{"kind":"Field","name":{"kind":"Name","value":"deals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ContactsWithDealsQuery, ContactsWithDealsQueryVariables>;
export const CreateLeadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateLead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateLeadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createLead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customFields"}}]}}]}}]} as unknown as DocumentNode<CreateLeadMutation, CreateLeadMutationVariables>;
export const ConvertLeadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConvertLead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConvertLeadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"convertLead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ConvertLeadMutation, ConvertLeadMutationVariables>;
export const LeadTimelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LeadTimeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"view"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineView"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"order"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Lead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"view"},"value":{"kind":"Variable","name":{"kind":"Name","value":"view"}}},{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"Variable","name":{"kind":"Name","value":"order"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"side"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"questionsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"pagesViewed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"idle"}},{"kind":"Field","name":{"kind":"Name","value":"averageIntervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"milestone"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"oldValue"}},{"kind":"Field","name":{"kind":"Name","value":"newValue"}},{"kind":"Field","name":{"kind":"Name","value":"daysInPrevious"}},{"kind":"Field","name":{"kind":"Name","value":"interactionCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"precedingFollowUp"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}}]}},{"kind":"Field","name":{"kind":"Name","value":"precedingInteraction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}}]}},{"kind":"Field","name":{"kind":"Name","value":"collapsedFollowUps"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"timelineSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalInteractions"}},{"kind":"Field","name":{"kind":"Name","value":"bestResponseChannel"}},{"kind":"Field","name":{"kind":"Name","value":"lastInteractionAt"}},{"kind":"Field","name":{"kind":"Name","value":"idle"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LeadTimelineQuery, LeadTimelineQueryVariables>;