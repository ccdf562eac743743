import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, createUnionType } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import type { RecordType } from "../records/record-kind.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import { TimelineEntry } from "../timeline/timeline-entry.type.js";
import * as notifications from "./notification.service.js";
import { SignalSource } from "./signal-catalog.js";
import { IngestSignalInput, NotificationFilter, UpdateSignalSettingsInput } from "./signal.input.js";
import * as signals from "./signal.service.js";
import { unwrap, type StreamEvent } from "../shared/stream.js";
import { notificationStream } from "./signal-stream.service.js";
import { IngestSignalPayload, Notification, SignalSettings } from "./signal.type.js";

export const SignalRecord = createUnionType({
  name: "SignalRecord",
  description: "The lead or contact a signal is about.",
  types: () => [Lead, Contact] as const,
  resolveType: (value: { __typename: string }) => value.__typename,
});

const NotificationConnection = ConnectionType("Notification", () => Notification);


@Resolver(() => Notification)
export class NotificationResolver {
  @Mutation(() => IngestSignalPayload, { description: "Push a customer action. Needs an integration key. Also `POST /webhooks/signals`." })
  ingestSignal(@Arg("input", () => IngestSignalInput) input: IngestSignalInput, @Ctx() ctx: RequestContext) {
    return signals.ingestSignal(ctx, input);
  }

  @Query(() => NotificationConnection, { description: "Your notifications, newest first." })
  notifications(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => NotificationFilter, { nullable: true }) filter: NotificationFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return notifications.listNotifications(ctx, { page, filter });
  }

  @Query(() => Int)
  unreadNotificationCount(@Ctx() ctx: RequestContext) {
    return notifications.unreadCount(ctx);
  }

  @Mutation(() => Int, { description: "Mark some (`ids`) or all (`all: true`) of your notifications read. Returns how many changed." })
  markNotificationsRead(
    @Arg("ids", () => [ID], { nullable: true }) ids: string[] | null,
    @Arg("all", () => Boolean, { nullable: true }) all: boolean | null,
    @Ctx() ctx: RequestContext,
  ) {
    return notifications.markRead(ctx, { ids, all });
  }

  @Query(() => SignalSettings)
  signalSettings(@Ctx() ctx: RequestContext) {
    return notifications.getSettings(ctx);
  }

  @Mutation(() => SignalSettings, { description: "Change your own signal settings." })
  updateSignalSettings(@Arg("input", () => UpdateSignalSettingsInput) input: UpdateSignalSettingsInput, @Ctx() ctx: RequestContext) {
    return notifications.updateSettings(ctx, input);
  }

  @Mutation(() => Boolean, { description: "Receive this lead's or contact's signals too." })
  watchRecord(@Arg("recordId", () => ID) recordId: string, @Ctx() ctx: RequestContext) {
    return notifications.watchRecord(ctx, recordId);
  }

  @Mutation(() => Boolean)
  unwatchRecord(@Arg("recordId", () => ID) recordId: string, @Ctx() ctx: RequestContext) {
    return notifications.unwatchRecord(ctx, recordId);
  }

  @Subscription(() => Notification, {
    description:
      "Your new notifications as they are stored. With `after` (a notification's cursor), first every one you missed, in order, then live ones: no gaps, no duplicates.",
    subscribe: ({ args, context }) => notificationStream(context as RequestContext, args),
  })
  notificationAdded(
    @Root() event: StreamEvent<Notification>,
    @Arg("after", () => String, { nullable: true }) _after: string | null,
    @Arg("sources", () => [SignalSource], { nullable: true }) _sources: SignalSource[] | null,
    @Arg("recordId", () => ID, { nullable: true }) _recordId: string | null,
  ) {
    return unwrap(event);
  }

  @FieldResolver(() => SignalRecord, { nullable: true, description: "Null when you may no longer view it." })
  record(@Root() n: Notification, @Ctx() ctx: RequestContext) {
    return ctx.loaders.records.byType[n.recordType as RecordType].load(n.recordId);
  }

  @FieldResolver(() => TimelineEntry)
  entry(@Root() n: Notification, @Ctx() ctx: RequestContext) {
    return ctx.loaders.timeline.entries.load(n.interactionId);
  }
}
