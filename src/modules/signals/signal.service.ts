import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import { CONTACT, LEAD, type RecordKind } from "../records/record-kind.js";
import { findRecord } from "../records/record.repo.js";
import { badInput, forbidden, unauthenticated } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { assertEventTime, detailsObject } from "../shared/validation.js";
import { getOrgCustomer } from "../records/record.service.js";
import { TimelineSide, type TimelineEntry } from "../timeline/timeline-entry.type.js";
import { toTimelineEntry, type EntryValues } from "../timeline/timeline.model.js";
import { linkStoredSignal, publishEntries, storeOnce } from "../timeline/timeline.service.js";
import {
  EVENTS_BY_SOURCE,
  EVENT_DETAILS,
  channelOf,
  defaultSummary,
  reactionOf,
  type SignalEvent,
  type SignalSource,
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
  const all = { orgId, all: true } as const;
  if (input.recordId) return getOrgCustomer(db, orgId, input.recordId, "input.recordId");
  const customer = input.customer!;
  let matches: repo.CustomerMatch[] = [];
  let field = "input.customer";
  if (customer.email) {
    field = "input.customer.email";
    matches = await repo.findCustomers(db, orgId, { email: customer.email.trim() });
  } else if (customer.phone) {
    field = "input.customer.phone";
    matches = await repo.findCustomers(db, orgId, { phoneDigits: customer.phone.replace(/\D/g, "") });
  } else if (customer.network && customer.handle) {
    field = "input.customer.handle";
    const profile = await repo.findSocialCustomer(db, orgId, customer.network.toUpperCase(), customer.handle.trim());
    if (profile?.recordId) matches = [{ type: profile.recordType as "lead" | "contact", id: profile.recordId, ownerId: 0 }];
  } else {
    throw badInput("input.customer", "give an email, a phone, or a network and handle");
  }
  if (matches.length === 0) throw badInput(field, "matches no lead or contact of your organisation");
  if (matches.length > 1) {
    const candidates = matches.map((m) => encodeGlobalId(m.type === "lead" ? "Lead" : "Contact", m.id));
    throw badInput(field, `matches ${matches.length} leads and contacts; send recordId`, { candidates });
  }
  const kind = matches[0]!.type === "lead" ? LEAD : CONTACT;
  const row = await findRecord(db, kind, all, matches[0]!.id);
  if (!row) throw badInput(field, "matches no lead or contact of your organisation");
  return { kind, row };
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
    const interaction = await linkStoredSignal(
      tx,
      await repo.insertInteraction(tx, {
        ...signalValues({ recordType: kind.type, recordId: customer.id, source: input.source, event: input.event, occurredAt: input.occurredAt, summary, details }),
        orgId,
        integrationKeyId: integration.keyId,
        openOwnerId: customer.ownerId,
      }),
    );
    await writeEntryEvents(tx, [interaction]);
    const notifications = await repo.deliverNotifications(tx, {
      orgId,
      ownerId: customer.ownerId,
      recordType: kind.type,
      recordId: customer.id,
      interactionId: interaction.id,
      source: input.source,
      event: input.event,
      summary,
      occurredAt: input.occurredAt,
    });
    return { entryId: interaction.id, entry: toTimelineEntry(interaction), notifications };
  });
  if (result.first) return { entry: result.first, duplicate: true };
  const delivery = result.stored;
  publishDelivery(ctx, delivery);
  return { entry: delivery.entry, duplicate: false };
}

/** After commit: wake the recipients' and the record's subscribers, wherever they are connected. */
export function publishDelivery(ctx: Pick<RequestContext, "pubsub">, delivery: Delivery) {
  for (const n of delivery.notifications) ctx.pubsub.publish("notifications", n.recipientId, { seq: n.seq });
  publishEntries(ctx, [delivery.entry]);
}


