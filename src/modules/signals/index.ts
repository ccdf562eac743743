import type { RecordLinkedTable } from "../../db/record-links.js";
import { notifications, recordWatchers } from "../../db/schema/index.js";
import { defineModule } from "../shared/module.js";
import { findNotification } from "./notification.service.js";
import { NotificationResolver } from "./signal.resolver.js";

/** Customer signals from every channel: ingestion, recipients, notifications, settings, watchers, the live bell. */
export default defineModule({
  name: "signals",
  resolvers: [NotificationResolver],
  nodeTypes: { Notification: (ctx, id) => findNotification(ctx, id) },
  // A record's notifications and watchers move with a converted lead and go with a deleted record.
  records: { links: [notifications, recordWatchers].map((table) => ({ table: table as RecordLinkedTable, onDelete: "delete" as const })) },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    Notification: true;
  }
}
