import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../shared/connection.js";
import type { RequestContext } from "../shared/context.js";
import { DateTimeScalar } from "../shared/scalars.js";
import { nextAttemptAt } from "./queue.js";
import { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveriesArgs } from "./webhook.input.js";
import * as service from "./webhook.service.js";
import { CreateWebhookPayload, RotateWebhookSecretPayload, Webhook, WebhookDelivery, WebhookDeliveryStatus } from "./webhook.type.js";

const WebhookDeliveryConnection = ConnectionType("WebhookDelivery", () => WebhookDelivery);

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], { description: "The organisation's webhook endpoints (CRM admins)." })
  webhooks(@Ctx() ctx: RequestContext) {
    return service.listWebhooks(ctx);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "The endpoint's deliveries, newest first: its log." })
  deliveries(@Root() webhook: Webhook, @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs, @Ctx() ctx: RequestContext) {
    return service.listDeliveries(ctx, webhook, args);
  }

  @Mutation(() => CreateWebhookPayload, { description: "Register an endpoint (CRM admins). Its signing secret is shown once." })
  createWebhook(@Arg("input", () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: RequestContext) {
    return service.createWebhook(ctx, input);
  }

  @Mutation(() => Webhook, { description: "Change, pause (`enabled: false`) or re-enable an endpoint (CRM admins)." })
  updateWebhook(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateWebhookInput) input: UpdateWebhookInput, @Ctx() ctx: RequestContext) {
    return service.updateWebhook(ctx, id, input);
  }

  @Mutation(() => ID, { description: "Delete an endpoint and its log (CRM admins)." })
  deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteWebhook(ctx, id);
  }

  @Mutation(() => RotateWebhookSecretPayload, { description: "A new signing secret, shown once; the previous one stays valid for 24 hours (CRM admins)." })
  rotateWebhookSecret(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.rotateWebhookSecret(ctx, id);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "When the next attempt is due (PENDING only)." })
  nextAttemptAt(@Root() delivery: WebhookDelivery) {
    return delivery.status === WebhookDeliveryStatus.PENDING ? nextAttemptAt(delivery.jobId) : null;
  }

  @Mutation(() => WebhookDelivery, { description: "Send a delivery's event again, with the same `webhook-id` (CRM admins)." })
  redeliverWebhook(@Arg("deliveryId", () => ID) deliveryId: string, @Ctx() ctx: RequestContext) {
    return service.redeliverWebhook(ctx, deliveryId);
  }
}
