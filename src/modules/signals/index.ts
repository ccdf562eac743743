import type { RecordLinkedTable } from "../../db/record-links.js";
import { notifications, recordWatchers } from "../../db/schema/index.js";
import { defineModule } from "../shared/module.js";
import { findNotification } from "./notification.service.js";
import { NotificationResolver } from "./signal.resolver.js";
import { raiseSocialSignal } from "./signal.service.js";

/** Customer signals from every channel: ingestion, recipients, notifications, settings, watchers, the live bell. */
export default defineModule({
  name: "signals",
  resolvers: [NotificationResolver],
  // SIG-13: the same body as ingestSignal's input; 200 { entryId, duplicate }.
  webhooks: [
    {
      path: "/webhooks/signals",
      operation: `mutation Ingest($input: IngestSignalInput!) { ingestSignal(input: $input) { entry { id } duplicate } }`,
      reply: (data) => {
        const payload = data.ingestSignal as { entry: { id: string }; duplicate: boolean };
        return { entryId: payload.entry.id, duplicate: payload.duplicate };
      },
    },
  ],
  nodeTypes: { Notification: (ctx, id) => findNotification(ctx, id) },
  // A record's notifications and watchers move with a converted lead and go with a deleted record.
  records: { links: [notifications, recordWatchers].map((table) => ({ table: table as RecordLinkedTable, onDelete: "delete" as const })) },
  // SIG-11: a linked author's mention or direct message on an org account is a SOCIAL signal.
  social: { hooks: { postIngested: raiseSocialSignal } },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    Notification: true;
  }
}
