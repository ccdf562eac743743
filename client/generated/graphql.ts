/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

/** How important a person is to the business. CUSTOMER: all deals closed and at least one won; CUSTOMER_WITH_OPEN_DEALS: at least one open deal; LEAD_OR_CONTACT: a lead, or a contact with no deals or only lost ones; UNKNOWN: not a CRM record. */
export type CrmClass =
  | 'CUSTOMER'
  | 'CUSTOMER_WITH_OPEN_DEALS'
  | 'LEAD_OR_CONTACT'
  | 'UNKNOWN';

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

/** SIGNAL: the customer acted; FOLLOW_UP: a user acted towards the customer; MILESTONE: a picklist value changed. */
export type TimelineSide =
  | 'FOLLOW_UP'
  | 'MILESTONE'
  | 'SIGNAL';

export type ContactsPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ContactsPageQuery = { me: { name: string, organization: { name: string } }, contacts: { totalCount: number, edges: Array<{ node: { id: string, name: string, email: string | null, crmClass: CrmClass, openDealCount: number, openDealAmount: number, owner: { name: string } | null, account: { name: string } | null, deals: { edges: Array<{ node: { name: string, stage: string, amount: number | null } }> } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LeadTimelineQueryVariables = Exact<{
  search: string;
}>;


export type LeadTimelineQuery = { leads: { edges: Array<{ node: { id: string, name: string, company: string | null, status: string | null, timeline: { edges: Array<{ node: { side: TimelineSide, channel: Channel | null, event: string, status: FollowUpStatus | null, summary: string | null, occurredAt: string, idle: boolean | null, performedBy: { name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, timelineSummary: { totalInteractions: number, bestResponseChannel: Channel | null, lastInteractionAt: string | null } } }> } };

export type MarkNotificationsReadMutationVariables = Exact<{
  ids?: Array<string | number> | string | number | null | undefined;
}>;


export type MarkNotificationsReadMutation = { markNotificationsRead: number };

export type NotificationAddedSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type NotificationAddedSubscription = { notificationAdded: { id: string, cursor: string, source: SignalSource, event: SignalEvent, summary: string, occurredAt: string, record:
      | { id: string, name: string }
      | { id: string, name: string }
     | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ContactsPageDocument = new TypedDocumentString(`
    query ContactsPage($first: Int = 10, $after: String) {
  me {
    name
    organization {
      name
    }
  }
  contacts(first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        name
        email
        crmClass
        openDealCount
        openDealAmount
        owner {
          name
        }
        account {
          name
        }
        deals(first: 3) {
          edges {
            node {
              name
              stage
              amount
            }
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:d0f1a56489c270270e0d5a5cebc0b8c12ecffe085876e3fc1d60772a604553d9"}) as unknown as TypedDocumentString<ContactsPageQuery, ContactsPageQueryVariables>;
export const LeadTimelineDocument = new TypedDocumentString(`
    query LeadTimeline($search: String!) {
  leads(first: 1, filter: {search: $search}) {
    edges {
      node {
        id
        name
        company
        status
        timeline(first: 20) {
          edges {
            node {
              side
              channel
              event
              status
              summary
              occurredAt
              performedBy {
                name
              }
              idle
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
        timelineSummary {
          totalInteractions
          bestResponseChannel
          lastInteractionAt
        }
      }
    }
  }
}
    `, {"hash":"sha256:1520daf9394125036c296ef2972aab3a499cb3258f69b116c057e8dd9abf12c2"}) as unknown as TypedDocumentString<LeadTimelineQuery, LeadTimelineQueryVariables>;
export const MarkNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkNotificationsRead($ids: [ID!]) {
  markNotificationsRead(ids: $ids)
}
    `, {"hash":"sha256:7d103dd3f89d2a2030d63eeed88004c1a6da3bafa3b39cbe215a64a79b1d2b01"}) as unknown as TypedDocumentString<MarkNotificationsReadMutation, MarkNotificationsReadMutationVariables>;
export const NotificationAddedDocument = new TypedDocumentString(`
    subscription NotificationAdded($after: String) {
  notificationAdded(after: $after) {
    id
    cursor
    source
    event
    summary
    occurredAt
    record {
      ... on Lead {
        id
        name
      }
      ... on Contact {
        id
        name
      }
    }
  }
}
    `, {"hash":"sha256:8c6be8f922926956dd3af5d2e65d8a7fd809d47a959a01406ac876cb05a649d2"}) as unknown as TypedDocumentString<NotificationAddedSubscription, NotificationAddedSubscriptionVariables>;