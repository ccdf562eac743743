import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { EVENT_TYPES } from "../../events/outbox.js";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";

/** HOOK-2: the names are the outbox's event types. */
export const WebhookEvent = Object.fromEntries(EVENT_TYPES.map((t) => [t, t])) as { [K in (typeof EVENT_TYPES)[number]]: K };
export type WebhookEvent = (typeof EVENT_TYPES)[number];
registerEnumType(WebhookEvent, {
  name: "WebhookEvent",
  description: "What a webhook endpoint can subscribe to.",
  valuesConfig: {
    SIGNAL_RECEIVED: { description: "A signal was stored on a lead's or contact's timeline." },
    FOLLOW_UP_LOGGED: { description: "A follow-up was logged on a lead's or contact's timeline." },
    MILESTONE_REACHED: { description: "A recorded picklist of a lead or contact changed value." },
    LEAD_CREATED: { description: "A lead was created." },
    LEAD_CONVERTED: { description: "A lead was converted into a contact (and maybe an account and a deal)." },
    DEAL_STAGE_CHANGED: { description: "A deal moved to another stage." },
    VISIT_RECORDED: { description: "A website visit was recorded (`data.visit`, and `data.record` when the visitor is a known lead or contact)." },
    CHAT_RECORDED: { description: "A website chat was recorded (`data.chat`, and `data.record` when the visitor is a known lead or contact)." },
    SOCIAL_POST_RECEIVED: { description: "A social post was received on one of the org's accounts (`data.post`, its `author`, and `data.record` when the author is linked to a lead or contact)." },
  },
});

export enum WebhookStatus {
  ACTIVE = "ACTIVE",
  PAUSED = "PAUSED",
  DISABLED = "DISABLED",
}
registerEnumType(WebhookStatus, {
  name: "WebhookStatus",
  description: "ACTIVE: events are sent; PAUSED: by an admin, nothing is sent; DISABLED: after failing for days, see `disabledReason`.",
});

export enum WebhookDeliveryStatus {
  PENDING = "PENDING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}
registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "PENDING: not delivered yet (maybe retrying); SUCCEEDED: answered 2xx; FAILED: given up (a 4xx, or retries exhausted).",
});

@ObjectType({ implements: Node, description: "An endpoint that receives the organisation's events, signed (Standard Webhooks)." })
export class Webhook extends Node implements Model {
  __typename!: "Webhook";
  dbId!: number;
  orgId!: number;

  @Field(() => String)
  url!: string;

  @Field(() => [WebhookEvent])
  events!: WebhookEvent[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => WebhookStatus)
  status!: WebhookStatus;

  @Field(() => String, { nullable: true, description: "Why the endpoint was disabled (DISABLED only)." })
  disabledReason!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Since when deliveries have been failing (null while they succeed)." })
  failingSince!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "After a rotation: until when the previous secret still signs deliveries too." })
  previousSecretExpiresAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType({ implements: Node, description: "One event sent (or to be sent) to one endpoint, with its attempts." })
export class WebhookDelivery extends Node implements Model {
  __typename!: "WebhookDelivery";
  dbId!: number;
  jobId!: string;

  @Field(() => String, { description: "The event id: the `webhook-id` header, the same on every attempt and redelivery." })
  eventId!: string;

  @Field(() => WebhookEvent)
  event!: WebhookEvent;

  @Field(() => JSONScalar, { description: "The body sent: `{ type, timestamp, data }`." })
  payload!: Record<string, unknown>;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: "Attempts made so far." })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last attempt; null when it got no answer." })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: "What went wrong on the last attempt." })
  lastError!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({ description: "A new endpoint and its signing secret, shown once." })
export class CreateWebhookPayload {
  @Field(() => Webhook)
  webhook!: Webhook;

  @Field(() => String, { description: "`whsec_<base64>`: verify deliveries with it (any Standard Webhooks library). Shown once." })
  signingSecret!: string;
}

@ObjectType({ description: "The endpoint and its new signing secret, shown once. The previous one also signs deliveries for 24 hours." })
export class RotateWebhookSecretPayload {
  @Field(() => Webhook)
  webhook!: Webhook;

  @Field(() => String, { description: "The new `whsec_<base64>` secret. Shown once." })
  signingSecret!: string;
}
