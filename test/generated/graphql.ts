/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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
  /** VIS-10: the website visitor id of a tracked web form submission; that visitor's earlier and later visits and chats belong to this lead. */
  visitorId?: string | null | undefined;
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


export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const ContactsWithDealsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactsWithDeals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openDealCount"}},{"kind":"Field","name":{"kind":"Name","value":"openDealAmount"}},{"kind":"Field","name":{"kind":"Name","value":"deals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ContactsWithDealsQuery, ContactsWithDealsQueryVariables>;
export const CreateLeadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateLead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateLeadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createLead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customFields"}}]}}]}}]} as unknown as DocumentNode<CreateLeadMutation, CreateLeadMutationVariables>;
export const ConvertLeadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConvertLead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConvertLeadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"convertLead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ConvertLeadMutation, ConvertLeadMutationVariables>;
export const LeadTimelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LeadTimeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"view"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineView"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"order"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TimelineOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Lead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"view"},"value":{"kind":"Variable","name":{"kind":"Name","value":"view"}}},{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"Variable","name":{"kind":"Name","value":"order"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"side"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"questionsAnswered"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"pagesViewed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"idle"}},{"kind":"Field","name":{"kind":"Name","value":"averageIntervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"milestone"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"oldValue"}},{"kind":"Field","name":{"kind":"Name","value":"newValue"}},{"kind":"Field","name":{"kind":"Name","value":"daysInPrevious"}},{"kind":"Field","name":{"kind":"Name","value":"interactionCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"precedingFollowUp"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}}]}},{"kind":"Field","name":{"kind":"Name","value":"precedingInteraction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}}]}},{"kind":"Field","name":{"kind":"Name","value":"collapsedFollowUps"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"timelineSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalInteractions"}},{"kind":"Field","name":{"kind":"Name","value":"bestResponseChannel"}},{"kind":"Field","name":{"kind":"Name","value":"lastInteractionAt"}},{"kind":"Field","name":{"kind":"Name","value":"idle"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LeadTimelineQuery, LeadTimelineQueryVariables>;