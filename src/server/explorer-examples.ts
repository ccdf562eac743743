import { DEMO_LEAD } from "../db/seed.js";

/** Demo credentials shown in the explorer's header editors (embedded demo mode only). */
export interface ExplorerDemo {
  /** The demo admin's personal API token. */
  token: string;
  /** The demo org's integration key: signals are pushed with a key, not a user token. */
  integrationKey: string;
}

export interface ExplorerTab {
  query: string;
  variables?: string;
  headers: string;
}

const bearer = (token: string | null) => (token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : "{}");

export const CONTACTS_PAGE = `# The first page of contacts, with owner, account and deals (Ctrl-Enter runs it).
query ContactsPage($first: Int = 10, $after: String) {
  me { name organization { name } }
  contacts(first: $first, after: $after) {
    totalCount
    edges {
      node {
        id name email crmClass openDealCount openDealAmount
        owner { name }
        account { name }
        deals(first: 3) { edges { node { name stage amount } } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export const LEAD_TIMELINE = `# A lead's timeline: signals, follow-ups and status milestones, newest first.
query LeadTimeline($search: String!) {
  leads(first: 1, filter: { search: $search }) {
    edges {
      node {
        id name company status
        timeline(first: 20) {
          edges { node { side channel event status summary occurredAt performedBy { name } idle } }
          pageInfo { hasNextPage endCursor }
        }
        timelineSummary { totalInteractions bestResponseChannel lastInteractionAt }
      }
    }
  }
}
`;

export const PUSH_SIGNAL = `# Pushes a customer action as an integration would (note the integration key in the headers).
# Start the notificationAdded subscription in another tab first, then run this: the lead's owner
# is notified. Sending the same idempotencyKey again stores nothing and answers duplicate: true.
mutation PushSignal($occurredAt: DateTime!, $idempotencyKey: String!) {
  ingestSignal(input: {
    source: EMAIL_ANALYTICS, event: EMAIL_CLICKED,
    occurredAt: $occurredAt, idempotencyKey: $idempotencyKey,
    customer: { email: "${DEMO_LEAD.email}" },
    details: { subject: "Spring offer", url: "https://acme.example/offer" }
  }) {
    duplicate
    entry { id side channel event summary occurredAt }
  }
}
`;

export const NOTIFICATION_ADDED = `# Your notifications as they are stored, over graphql-ws on the same URL.
# Run it, then push a signal from the PushSignal tab: the event appears here.
subscription NotificationAdded {
  notificationAdded {
    cursor source event summary occurredAt
    record { ... on Lead { id name } ... on Contact { id name } }
  }
}
`;

/**
 * The explorer's first tabs: a contacts page, a lead's timeline, a signal push and a
 * notificationAdded subscription, written against the demo data. Without demo credentials the
 * header editors are empty and each caller pastes their own token.
 */
export function explorerTabs(demo: ExplorerDemo | null, now = new Date()): ExplorerTab[] {
  const user = bearer(demo?.token ?? null);
  return [
    { query: CONTACTS_PAGE, variables: JSON.stringify({ first: 10 }, null, 2), headers: user },
    { query: LEAD_TIMELINE, variables: JSON.stringify({ search: DEMO_LEAD.email }, null, 2), headers: user },
    {
      query: PUSH_SIGNAL,
      variables: JSON.stringify({ occurredAt: now.toISOString(), idempotencyKey: `explorer-${now.getTime().toString(36)}` }, null, 2),
      headers: demo ? bearer(demo.integrationKey) : JSON.stringify({ Authorization: "Bearer crm_ik_…" }, null, 2),
    },
    { query: NOTIFICATION_ADDED, headers: user },
  ];
}
