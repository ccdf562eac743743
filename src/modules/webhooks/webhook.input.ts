import { ArgsType, Field, InputType } from "type-graphql";
import { PageArgs } from "../shared/connection.js";
import { WebhookDeliveryStatus, WebhookEvent } from "./webhook.type.js";

@InputType({ description: "A new webhook endpoint." })
export class CreateWebhookInput {
  @Field(() => String, { description: "Where events are POSTed: https (http and private addresses only where the operator allows them)." })
  url!: string;

  @Field(() => [WebhookEvent], { description: "The events it receives (at least one)." })
  events!: WebhookEvent[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: "What changes; what is left out stays as it is." })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [WebhookEvent], { nullable: true })
  events?: WebhookEvent[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "false pauses the endpoint (nothing is sent); true makes a paused or disabled endpoint active again.",
  })
  enabled?: boolean | null;
}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => WebhookDeliveryFilter, { nullable: true })
  filter?: WebhookDeliveryFilter | null;
}
