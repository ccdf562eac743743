import { defineModule } from "../shared/module.js";
import { enqueueDeliveries, startDeliveryQueue } from "./queue.js";
import { writeRecordEvents } from "./record-events.js";
import { WebhookDeliveryResolver, WebhookResolver } from "./webhook.resolver.js";
import { findDeliveryNode, findWebhookNode } from "./webhook.service.js";

/**
 * Outbound webhooks (HOOK-1..9): endpoints, the deliveries of the outbox's events through a
 * PostgreSQL job queue (pg-boss) that every instance works, signed per Standard Webhooks, with a log
 * and redelivery. Records' events are written from its lifecycle hooks; the timeline's and
 * signals' by those modules through src/events/outbox.ts.
 */
export default defineModule({
  name: "webhooks",
  resolvers: [WebhookResolver, WebhookDeliveryResolver],
  nodeTypes: { Webhook: findWebhookNode, WebhookDelivery: findDeliveryNode },
  jobs: (deps) => [startDeliveryQueue(deps)],
  events: { written: enqueueDeliveries },
  records: { hooks: writeRecordEvents },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    Webhook: true;
    WebhookDelivery: true;
  }
}
