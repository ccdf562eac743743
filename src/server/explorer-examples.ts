import { readFileSync } from "node:fs";
import { DEMO_LEAD } from "../seed/seed.js";

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

/**
 * The front-end operations of client/operations (the same files codegen types for client/), read
 * from the checkout: from src/server and from dist/server alike, they are at ../../client.
 */
const clientOperation = (file: string) => readFileSync(new URL(`../../client/operations/${file}`, import.meta.url), "utf8");

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

/**
 * The explorer's first tabs: a contacts page, a lead's timeline, a signal push and a
 * notificationAdded subscription, written against the demo data. Without demo credentials the
 * header editors are empty and each caller pastes their own token.
 */
export function explorerTabs(demo: ExplorerDemo | null, now = new Date()): ExplorerTab[] {
  const user = bearer(demo?.token ?? null);
  return [
    { query: clientOperation("contacts-page.graphql"), variables: JSON.stringify({ first: 10 }, null, 2), headers: user },
    { query: clientOperation("lead-timeline.graphql"), variables: JSON.stringify({ search: DEMO_LEAD.email }, null, 2), headers: user },
    {
      query: PUSH_SIGNAL,
      variables: JSON.stringify({ occurredAt: now.toISOString(), idempotencyKey: `explorer-${now.getTime().toString(36)}` }, null, 2),
      headers: demo ? bearer(demo.integrationKey) : JSON.stringify({ Authorization: "Bearer crm_ik_…" }, null, 2),
    },
    { query: clientOperation("notification-added.graphql"), headers: user },
  ];
}
