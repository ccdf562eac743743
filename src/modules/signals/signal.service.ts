import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import type { CustomerType, RecordKind } from "../records/record-kind.js";
import { customerGlobalId, findCustomer, findCustomers, findOrgCustomer } from "../records/records.api.js";
import { findCustomerByHandle } from "../social/social-profile.service.js";
import { badInput, forbidden, unauthenticated } from "../shared/errors.js";
import { assertEventTime, detailsObject } from "../shared/validation.js";
import { TimelineSide, type TimelineEntry } from "../timeline/timeline-entry.type.js";
import { toTimelineEntry, type EntryValues } from "../timeline/timeline.model.js";
import { linkStoredSignal } from "../timeline/response-link.service.js";
import { storeOnce } from "../timeline/store-once.service.js";
import { publishEntries } from "../timeline/timeline-stream.service.js";
import type { AfterCommit } from "../records/record-lifecycle.js";
import type { SocialPostIngested } from "../social/social-hooks.js";
import {
  EVENTS_BY_SOURCE,
  SignalEvent,
  SignalSource,
  EVENT_DETAILS,
  channelOf,
  defaultSummary,
  reactionOf,
} from "./signal-catalog.js";
import type { IngestSignalInput } from "./signal.input.js";
import * as repo from "./signal.repo.js";
import { writeEntryEvents } from "../timeline/timeline-events.js";



/** SIG-15: the SIGNAL entry of a customer action: its channel and reaction counts follow from the event and details. */
export const signalValues = (s: {
  recordType: string;
  recordId: number;
  source: SignalSource;
  event: SignalEvent;
  occurredAt: Date;
  summary: string;
  details: Record<string, unknown>;
}): EntryValues => ({
  recordType: s.recordType,
  recordId: s.recordId,
  side: TimelineSide.SIGNAL,
  channel: channelOf(s.source, s.details),
  source: s.source,
  event: s.event,
  occurredAt: s.occurredAt,
  summary: s.summary,
  details: s.details,
  reaction: reactionOf(s.event, s.details),
});

/** SIG-14: everything about the input that can be checked without the database. */
function validateSignal(input: IngestSignalInput, now: number) {
  if (!EVENTS_BY_SOURCE[input.source].includes(input.event)) {
    throw badInput("input.event", `${input.event} is not an event of ${input.source}`, { allowed: EVENTS_BY_SOURCE[input.source] });
  }
  assertEventTime(input.occurredAt, "input.occurredAt", now);
  const raw = detailsObject(input.details, "input.details");
  const parsed = EVENT_DETAILS[input.event].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(["input.details", ...issue.path.map(String)].join("."), issue.message);
  }
  if (!input.recordId && !input.customer) throw badInput("input.customer", "give recordId or customer");
  return parsed.data;
}

/**
 * SIG-12: the lead or contact a signal is about, by id or by email, phone or social handle,
 * within the org. No match and several matches are bad inputs; the latter names the candidates.
 */
async function resolveCustomer(db: Db, orgId: number, input: IngestSignalInput): Promise<{ kind: RecordKind; row: { id: number; ownerId: number; firstName: string | null; lastName: string } }> {
  // Share-locked: a signal cannot land on a record deleted or converted at the same moment.
  if (input.recordId) return findOrgCustomer(db, { orgId, globalId: input.recordId, field: "input.recordId", lock: true });
  const customer = input.customer!;
  let matches: { type: CustomerType; id: number }[] = [];
  let field = "input.customer";
  if (customer.email) {
    field = "input.customer.email";
    matches = await findCustomers(db, { orgId, email: customer.email });
  } else if (customer.phone) {
    field = "input.customer.phone";
    matches = await findCustomers(db, { orgId, phone: customer.phone });
  } else if (customer.network && customer.handle) {
    field = "input.customer.handle";
    const found = await findCustomerByHandle(db, { orgId, network: customer.network, handle: customer.handle });
    if (found) matches = [found];
  } else {
    throw badInput("input.customer", "give an email, a phone, or a network and handle");
  }
  if (matches.length === 0) throw badInput(field, "matches no lead or contact of your organisation");
  if (matches.length > 1) {
    throw badInput(field, `matches ${matches.length} leads and contacts; send recordId`, { candidates: matches.map(customerGlobalId) });
  }
  const found = await findCustomer(db, { orgId, customer: matches[0]!, lock: true });
  if (!found) throw badInput(field, "matches no lead or contact of your organisation");
  return found;
}

export interface Delivery {
  entry: TimelineEntry;
  notifications: { recipientId: number; seq: number }[];
}


/**
 * SIG-12..17: one transaction stores the timeline entry, one notification per recipient whose
 * settings allow the source, and the idempotency key (`storeOnce`: a repeated key gets the first
 * result, `duplicate: true`); after commit the ids are published.
 */
export async function ingestSignal(ctx: RequestContext, input: IngestSignalInput): Promise<{ entry: TimelineEntry; duplicate: boolean }> {
  try {
    const result = await storeSignal(ctx, input);
    ctx.metrics.signalsIngested.inc({ source: input.source, outcome: result.duplicate ? "duplicate" : "stored" });
    return result;
  } catch (error) {
    ctx.metrics.signalsIngested.inc({ source: input.source, outcome: "rejected" });
    throw error;
  }
}

async function storeSignal(ctx: RequestContext, input: IngestSignalInput): Promise<{ entry: TimelineEntry; duplicate: boolean }> {
  const integration = ctx.integration;
  if (!integration) {
    if (ctx.viewer) throw forbidden("Signals are pushed with an integration key, not a user token");
    throw unauthenticated("An integration key is required");
  }
  const orgId = integration.orgId;
  const details = validateSignal(input, Date.now());
  // Signals' keys are shared by the org's integrations (SIG-13).
  const key = { scope: "", key: input.idempotencyKey.trim() };
  const result = await storeOnce(ctx.db, orgId, key, async (tx) => {
    const { kind, row: customer } = await resolveCustomer(tx, orgId, input);
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
    const summary = input.summary?.trim() || defaultSummary(input.event, details, name);
    return raiseSignal(tx, {
      orgId,
      integrationKeyId: integration.keyId,
      customer: { type: kind.type as CustomerType, id: customer.id, ownerId: customer.ownerId },
      source: input.source,
      event: input.event,
      occurredAt: input.occurredAt,
      summary,
      details,
    });
  });
  if (result.first) return { entry: result.first, duplicate: true };
  const delivery = result.stored;
  publishDelivery(ctx, delivery);
  return { entry: delivery.entry, duplicate: false };
}

/**
 * SIG-15..17 inside the caller's transaction: the SIGNAL entry on the customer's timeline and one
 * notification per recipient (owner and watchers) whose settings allow the source. Other modules
 * raising a signal of their own (visitors: VISIT_STARTED, CHAT_UNATTENDED) call this with details
 * that satisfy the event's schema; they publish the returned delivery after commit (`publishDelivery`).
 */
export async function raiseSignal(
  tx: Db,
  s: {
    orgId: number;
    integrationKeyId: number | null;
    customer: { type: CustomerType; id: number; ownerId: number };
    source: SignalSource;
    event: SignalEvent;
    occurredAt: Date;
    summary: string;
    details: Record<string, unknown>;
    /** False: the entry goes on the timeline and nobody is notified. */
    notify?: boolean;
  },
): Promise<Delivery & { entryId: number }> {
  const interaction = await linkStoredSignal(
    tx,
    await repo.insertInteraction(tx, {
      ...signalValues({ recordType: s.customer.type, recordId: s.customer.id, source: s.source, event: s.event, occurredAt: s.occurredAt, summary: s.summary, details: s.details }),
      orgId: s.orgId,
      integrationKeyId: s.integrationKeyId,
      openOwnerId: s.customer.ownerId,
    }),
  );
  // The outbox (webhooks' SIGNAL_RECEIVED), in the same transaction.
  await writeEntryEvents(tx, [interaction]);
  if (s.notify === false) return { entryId: interaction.id, entry: toTimelineEntry(interaction), notifications: [] };
  const notifications = await repo.deliverNotifications(tx, {
    orgId: s.orgId,
    ownerId: s.customer.ownerId,
    recordType: s.customer.type,
    recordId: s.customer.id,
    interactionId: interaction.id,
    source: s.source,
    event: s.event,
    summary: s.summary,
    occurredAt: s.occurredAt,
  });
  return { entryId: interaction.id, entry: toTimelineEntry(interaction), notifications };
}

/** After commit: wake the recipients' and the record's subscribers, wherever they are connected. */
export function publishDelivery(ctx: Pick<RequestContext, "pubsub">, delivery: Delivery) {
  for (const n of delivery.notifications) ctx.pubsub.publish("notifications", n.recipientId, { seq: n.seq });
  publishEntries(ctx, [delivery.entry]);
}



/**
 * SIG-11 from the social tab (social's `postIngested` hook): a MENTION or DIRECT_MESSAGE by an
 * author linked to a lead or contact is a SOCIAL signal, stored and delivered like a pushed one,
 * in the transaction that stores the post. The post is stored once, so the signal is raised once.
 */
export async function raiseSocialSignal(tx: Db, e: SocialPostIngested): Promise<AfterCommit | void> {
  const event = e.post.kind === "MENTION" ? SignalEvent.SOCIAL_MENTION : e.post.kind === "DIRECT_MESSAGE" ? SignalEvent.SOCIAL_MESSAGE : null;
  if (!event || !e.customer) return;
  const found = await findCustomer(tx, { orgId: e.orgId, customer: e.customer });
  if (!found) return;
  const { kind, row: customer } = found;
  const details: Record<string, unknown> = { network: e.post.network, handle: e.author.handle, socialPostId: e.post.id };
  if (e.post.url) details.postUrl = e.post.url;
  if (e.post.text) details.text = e.post.text.slice(0, 2000);
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  const what = event === SignalEvent.SOCIAL_MENTION ? "mentioned you" : "sent you a message";
  const summary = `${name} ${what} on ${e.post.network === "X" ? "X" : e.post.network === "FACEBOOK" ? "Facebook" : "Google+"} (@${e.author.handle})`.slice(0, 500);
  const delivery = await raiseSignal(tx, {
    orgId: e.orgId,
    integrationKeyId: e.integrationKeyId,
    customer: { type: kind.type as CustomerType, id: customer.id, ownerId: customer.ownerId },
    source: SignalSource.SOCIAL,
    event,
    occurredAt: e.post.postedAt,
    summary,
    details,
  });
  return (ctx) => publishDelivery(ctx, delivery);
}
