import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import type { CustomerType, RecordKind } from "../records/record-kind.js";
import { customerGlobalId, customerKind, decodeCustomerId, findCustomer, findCustomers } from "../records/records.api.js";
import { findCustomerByHandle } from "../social/social-profile.service.js";
import { badInput, forbidden, notFound, unauthenticated } from "../shared/errors.js";
import { assertEventTime, detailsObject } from "../shared/validation.js";
import { TimelineSide, type TimelineEntry } from "../timeline/timeline-entry.type.js";
import { toTimelineEntry, type EntryValues, type InteractionRow } from "../timeline/timeline.model.js";
import { signalFirstFollowUp, signalHistoryLock } from "../timeline/response-link.service.js";
import { keyTaken, storeOnce } from "../timeline/store-once.service.js";
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
import { entryEvent } from "../timeline/timeline-events.js";
import { eventValues, eventWantedSql, eventWritten } from "../../events/outbox.js";



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
 * By id, nothing is read here: `openSignal` reads (and locks) the row.
 */
async function resolveCustomer(db: Db, orgId: number, input: IngestSignalInput): Promise<{ kind: RecordKind; id: number; field: string }> {
  if (input.recordId) return { ...decodeCustomerId(input.recordId, "input.recordId"), field: "input.recordId" };
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
  const match = matches[0]!;
  return { kind: customerKind(match.type), id: match.id, field };
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
  // By id, the key is looked up in the transaction's first statement (with the record's lock);
  // a customer found by email, phone or handle is searched for after the key is looked up.
  // A recordId that is not a lead's or contact's ID is refused after the key is looked up (a
  // repeat answers with the first entry whatever it sends), so inside the transaction.
  const found = input.recordId ? decodedCustomer(input.recordId) : null;
  const byId = found !== null;
  const result = await storeOnce(
    ctx.db,
    orgId,
    key,
    async (tx) => {
      const { kind, id, field } = found ?? (await resolveCustomer(tx, orgId, input));
      const recordType = kind.type as CustomerType;
      // Share-locked: a signal cannot land on a record deleted or converted at the same moment.
      const opened = await repo.openSignal(tx, {
        orgId,
        customerType: recordType,
        customerId: id,
        key: byId ? key : null,
        historyLock: signalHistoryLock({ orgId, recordType, recordId: id }),
      });
      if (opened.firstEntryId !== null) throw keyTaken();
      const customer = opened.customer;
      if (!customer) throw byId ? notFound(kind.typename, field) : badInput(field, "matches no lead or contact of your organisation");
      const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
      const summary = input.summary?.trim() || defaultSummary(input.event, details, name);
      return storeRaisedSignal(
        tx,
        {
          orgId,
          integrationKeyId: integration.keyId,
          customer: { type: recordType, id: customer.id, ownerId: customer.ownerId },
          source: input.source,
          event: input.event,
          occurredAt: input.occurredAt,
          summary,
          details,
        },
        opened.entryId!,
        key,
      );
    },
    { checkFirst: !byId },
  );
  if (result.first) return { entry: result.first, duplicate: true };
  const delivery = result.stored;
  publishDelivery(ctx, delivery);
  return { entry: delivery.entry, duplicate: false };
}

function decodedCustomer(recordId: string): { kind: RecordKind; id: number; field: string } | null {
  try {
    return { ...decodeCustomerId(recordId, "input.recordId"), field: "input.recordId" };
  } catch {
    return null;
  }
}

interface RaisedSignal {
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
}

/**
 * SIG-15..17 inside the caller's transaction: the SIGNAL entry on the customer's timeline and one
 * notification per recipient (owner and watchers) whose settings allow the source. Other modules
 * raising a signal of their own (visitors: VISIT_STARTED, CHAT_UNATTENDED) call this with details
 * that satisfy the event's schema; they publish the returned delivery after commit (`publishDelivery`).
 */
export async function raiseSignal(tx: Db, s: RaisedSignal): Promise<Delivery & { entryId: number }> {
  const entryId = await repo.allocateSignal(tx, signalHistoryLock({ orgId: s.orgId, recordType: s.customer.type, recordId: s.customer.id }));
  return storeRaisedSignal(tx, s, entryId, null);
}

/**
 * The rest of `raiseSignal` once the record's timeline lock is taken and the signal's id given
 * out (RESP-1): the entry linked to its first follow-up if one is stored already, the outbox event
 * (webhooks' SIGNAL_RECEIVED) and its listeners, the notifications and, with `key`, the
 * idempotency key (`keyClaimed`), in one statement.
 */
async function storeRaisedSignal(
  tx: Db,
  s: RaisedSignal,
  entryId: number,
  key: { scope: string; key: string } | null,
): Promise<Delivery & { entryId: number; keyClaimed: boolean }> {
  const values = signalValues({ recordType: s.customer.type, recordId: s.customer.id, source: s.source, event: s.event, occurredAt: s.occurredAt, summary: s.summary, details: s.details });
  const row: InteractionRow = {
    id: entryId,
    orgId: s.orgId,
    recordType: values.recordType,
    recordId: values.recordId,
    side: values.side,
    channel: values.channel ?? null,
    source: s.source,
    event: s.event,
    status: null,
    actorUserId: null,
    integrationKeyId: s.integrationKeyId,
    occurredAt: s.occurredAt,
    summary: s.summary,
    details: s.details,
    reaction: values.reaction ?? null,
    followUpId: null,
    followUpAt: null,
    openOwnerId: s.customer.ownerId,
    createdAt: s.occurredAt,
    streamSeq: 0,
  };
  const event = entryEvent(row);
  const stored = await repo.storeSignalRows(tx, {
    id: entryId,
    orgId: s.orgId,
    values: {
      recordType: row.recordType,
      recordId: row.recordId,
      side: row.side,
      channel: row.channel,
      source: s.source,
      event: s.event,
      integrationKeyId: s.integrationKeyId,
      occurredAt: s.occurredAt,
      summary: s.summary,
      details: s.details,
      reaction: row.reaction,
    },
    ownerId: s.customer.ownerId,
    firstFollowUp: signalFirstFollowUp({ orgId: s.orgId, recordType: row.recordType, recordId: row.recordId, id: entryId, occurredAt: s.occurredAt }),
    event: event && { ...eventValues(event), type: event.type, wanted: eventWantedSql(event) },
    notify: s.notify !== false,
    key,
  });
  row.streamSeq = stored.streamSeq;
  row.createdAt = stored.createdAt;
  if (stored.followUp) Object.assign(row, { followUpId: stored.followUp.id, followUpAt: stored.followUp.at, openOwnerId: null });
  // A taken key rolls everything back (storeOnce): no listener runs for an event that will not be.
  if (event && stored.keyClaimed) await eventWritten(tx, { ...event, createdAt: stored.eventCreatedAt! }, stored.eventWanted);
  return { entryId, entry: toTimelineEntry(row), notifications: stored.notifications, keyClaimed: stored.keyClaimed };
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
