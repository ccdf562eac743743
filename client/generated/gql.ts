/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ContactsPage($first: Int = 10, $after: String) {\n  me {\n    name\n    organization {\n      name\n    }\n  }\n  contacts(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        email\n        crmClass\n        openDealCount\n        openDealAmount\n        owner {\n          name\n        }\n        account {\n          name\n        }\n        deals(first: 3) {\n          edges {\n            node {\n              name\n              stage\n              amount\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ContactsPageDocument,
    "query LeadTimeline($search: String!) {\n  leads(first: 1, filter: {search: $search}) {\n    edges {\n      node {\n        id\n        name\n        company\n        status\n        timeline(first: 20) {\n          edges {\n            node {\n              side\n              channel\n              event\n              status\n              summary\n              occurredAt\n              performedBy {\n                name\n              }\n              idle\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n        timelineSummary {\n          totalInteractions\n          bestResponseChannel\n          lastInteractionAt\n        }\n      }\n    }\n  }\n}": typeof types.LeadTimelineDocument,
    "mutation MarkNotificationsRead($ids: [ID!]) {\n  markNotificationsRead(ids: $ids)\n}": typeof types.MarkNotificationsReadDocument,
    "subscription NotificationAdded($after: String) {\n  notificationAdded(after: $after) {\n    id\n    cursor\n    source\n    event\n    summary\n    occurredAt\n    record {\n      ... on Lead {\n        id\n        name\n      }\n      ... on Contact {\n        id\n        name\n      }\n    }\n  }\n}": typeof types.NotificationAddedDocument,
};
const documents: Documents = {
    "query ContactsPage($first: Int = 10, $after: String) {\n  me {\n    name\n    organization {\n      name\n    }\n  }\n  contacts(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        email\n        crmClass\n        openDealCount\n        openDealAmount\n        owner {\n          name\n        }\n        account {\n          name\n        }\n        deals(first: 3) {\n          edges {\n            node {\n              name\n              stage\n              amount\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ContactsPageDocument,
    "query LeadTimeline($search: String!) {\n  leads(first: 1, filter: {search: $search}) {\n    edges {\n      node {\n        id\n        name\n        company\n        status\n        timeline(first: 20) {\n          edges {\n            node {\n              side\n              channel\n              event\n              status\n              summary\n              occurredAt\n              performedBy {\n                name\n              }\n              idle\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n        timelineSummary {\n          totalInteractions\n          bestResponseChannel\n          lastInteractionAt\n        }\n      }\n    }\n  }\n}": types.LeadTimelineDocument,
    "mutation MarkNotificationsRead($ids: [ID!]) {\n  markNotificationsRead(ids: $ids)\n}": types.MarkNotificationsReadDocument,
    "subscription NotificationAdded($after: String) {\n  notificationAdded(after: $after) {\n    id\n    cursor\n    source\n    event\n    summary\n    occurredAt\n    record {\n      ... on Lead {\n        id\n        name\n      }\n      ... on Contact {\n        id\n        name\n      }\n    }\n  }\n}": types.NotificationAddedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ContactsPage($first: Int = 10, $after: String) {\n  me {\n    name\n    organization {\n      name\n    }\n  }\n  contacts(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        email\n        crmClass\n        openDealCount\n        openDealAmount\n        owner {\n          name\n        }\n        account {\n          name\n        }\n        deals(first: 3) {\n          edges {\n            node {\n              name\n              stage\n              amount\n            }\n          }\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql.js').ContactsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LeadTimeline($search: String!) {\n  leads(first: 1, filter: {search: $search}) {\n    edges {\n      node {\n        id\n        name\n        company\n        status\n        timeline(first: 20) {\n          edges {\n            node {\n              side\n              channel\n              event\n              status\n              summary\n              occurredAt\n              performedBy {\n                name\n              }\n              idle\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n        timelineSummary {\n          totalInteractions\n          bestResponseChannel\n          lastInteractionAt\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql.js').LeadTimelineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkNotificationsRead($ids: [ID!]) {\n  markNotificationsRead(ids: $ids)\n}"): typeof import('./graphql.js').MarkNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription NotificationAdded($after: String) {\n  notificationAdded(after: $after) {\n    id\n    cursor\n    source\n    event\n    summary\n    occurredAt\n    record {\n      ... on Lead {\n        id\n        name\n      }\n      ... on Contact {\n        id\n        name\n      }\n    }\n  }\n}"): typeof import('./graphql.js').NotificationAddedDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
