// The README's example: a typed contacts page over fetch, then notifications over graphql-ws.
// Run it against `npm start` with: TOKEN=… node dist-client/example.js (see README).
import { createClient } from "graphql-ws";
import WebSocket from "ws"; // Node; browsers have a WebSocket of their own: leave webSocketImpl out
import { request, subscribe } from "./client.js";
import { ContactsPageDocument, MarkNotificationsReadDocument, NotificationAddedDocument } from "./generated/graphql.js";

export async function example({ url, token, notifications = 1 }: { url: string; token: string; notifications?: number }) {
  // Typed: `page.contacts.edges[0].node.owner?.name` is `string | undefined`; variables are checked.
  const page = await request({ url, token }, ContactsPageDocument, { first: 5 });
  console.log(`${page.me.name} sees ${page.contacts.totalCount} contacts:`);
  for (const { node } of page.contacts.edges) console.log(`  ${node.name} (${node.account?.name ?? "no account"}), ${node.openDealCount} open deals`);

  const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const seen: string[] = [];
  try {
    for await (const { notificationAdded: n } of subscribe(client, NotificationAddedDocument, { after: null })) {
      console.log(`${n.occurredAt} ${n.source} ${n.event}: ${n.summary}`);
      seen.push(n.id);
      if (seen.length === notifications) break;
    }
  } finally {
    await client.dispose();
  }
  const read = await request({ url, token }, MarkNotificationsReadDocument, { ids: seen });
  console.log(`marked ${read.markNotificationsRead} read`);
  return { contacts: page.contacts.totalCount, notifications: seen };
}

// As a script: node dist-client/example.js (URL and TOKEN from the environment).
if (import.meta.url === `file://${process.argv[1]}`) {
  await example({ url: process.env.URL ?? "http://localhost:4000/graphql", token: process.env.TOKEN ?? "" });
}
