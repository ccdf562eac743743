import type { RequestContext } from "../shared/context.js";
import { requireActiveUser } from "../identity/identity.service.js";
import type { RecordKind } from "../records/record-kind.js";
import { getVisibleCustomer } from "../records/record.service.js";
import { findOrgCustomer } from "../records/records.api.js";
import { badInput, conflict, forbidden, unauthenticated } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { assertEventTime, detailsObject } from "../shared/validation.js";
import { crmScope } from "../shared/viewer.js";
import { statusesOf } from "./follow-up-catalog.js";
import { storeOnce } from "./store-once.service.js";
import { TimelineSide, type TimelineEntry } from "./timeline-entry.type.js";
import { publishEntries } from "./timeline-stream.service.js";
import type { LogFollowUpInput } from "./timeline.input.js";
import { toTimelineEntry } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";
import { writeEntryEvents } from "./timeline-events.js";

const MAX_ACTION = 100;
const MAX_SUMMARY = 2000;

/** TL-2, TL-3: everything about a follow-up that can be checked without the database. */
function validateFollowUp(input: LogFollowUpInput, now: number) {
  const action = input.action.trim();
  if (action.length === 0 || action.length > MAX_ACTION) throw badInput("input.action", `must be 1 to ${MAX_ACTION} characters`);
  const allowed = statusesOf(input.channel);
  if (input.status && !allowed.includes(input.status)) {
    throw badInput("input.status", allowed.length ? `${input.status} is not a status of ${input.channel} follow-ups` : `${input.channel} follow-ups take no status`, {
      allowed,
    });
  }
  const occurredAt = input.occurredAt ?? new Date(now);
  assertEventTime(occurredAt, "input.occurredAt", now);
  const summary = input.summary?.trim() || null;
  if (summary && summary.length > MAX_SUMMARY) throw badInput("input.summary", `must be at most ${MAX_SUMMARY} characters`);
  return { action, occurredAt, summary, details: detailsObject(input.details, "input.details") };
}

/**
 * TL-5: a user logs what they did towards a lead or contact they may view, or an integration
 * pushes it for any record of its org. Stored as a FOLLOW_UP entry and pushed to the record's
 * timeline subscribers.
 */
export async function logFollowUp(ctx: RequestContext, input: LogFollowUpInput): Promise<TimelineEntry> {
  const valid = validateFollowUp(input, Date.now());
  let orgId: number;
  let target: { kind: RecordKind; id: number };
  let actorUserId: number | null;
  if (ctx.viewer) {
    orgId = crmScope(ctx.viewer).orgId;
    const { kind, record } = await getVisibleCustomer(ctx, input.recordId, "input.recordId");
    target = { kind, id: record.dbId };
    actorUserId = ctx.viewer.userId;
  } else if (ctx.integration) {
    orgId = ctx.integration.orgId;
    const { kind, row } = await findOrgCustomer(ctx.db, { orgId, globalId: input.recordId, field: "input.recordId" });
    target = { kind, id: row.id };
    actorUserId = null;
  } else {
    throw unauthenticated();
  }
  if (input.performedBy) {
    // Users name only themselves, unless CRM admins; whoever is named must be an active user of the org.
    const named = decodeIdOfType(input.performedBy, "User", "input.performedBy");
    if (ctx.viewer && named !== ctx.viewer.userId && !crmScope(ctx.viewer).all) {
      throw forbidden("Only CRM admins can log follow-ups for other users", "input.performedBy");
    }
    actorUserId = (await requireActiveUser(ctx.db, orgId, named, "input.performedBy")).id;
  }
  // Integrations retry: with a key, a repeated push returns the first entry. Follow-up keys are
  // scoped to the caller (the user, or the integration key), apart from signals' keys.
  const given = input.idempotencyKey?.trim();
  const scope = ctx.viewer ? `follow-up:u${ctx.viewer.userId}` : `follow-up:k${ctx.integration!.keyId}`;
  const key = given ? { scope, key: given } : null;
  const result = await storeOnce(ctx.db, orgId, key, async (tx) => {
    const [row] = await repo.insertEntries(tx, [
      {
        orgId,
        recordType: target.kind.type,
        recordId: target.id,
        side: TimelineSide.FOLLOW_UP,
        channel: input.channel,
        event: valid.action,
        status: input.status ?? null,
        actorUserId,
        integrationKeyId: ctx.integration?.keyId ?? null,
        occurredAt: valid.occurredAt,
        summary: valid.summary,
        details: valid.details,
      },
    ]);
    // RESP-1: the signals this follow-up now answers first.
    await repo.lockRecordHistory(tx, { orgId, recordType: row!.recordType, recordId: row!.recordId });
    await repo.linkFollowUp(tx, row!);
    await writeEntryEvents(tx, [row!]);
    return { entryId: row!.id, entry: toTimelineEntry(row!) };
  });
  if (result.first) {
    // The same key for another record is a mistake, not a retry.
    if (result.first.recordType !== target.kind.type || result.first.recordId !== target.id) {
      throw conflict("This idempotency key was used for a follow-up on another record", "input.idempotencyKey");
    }
    return result.first;
  }
  publishEntries(ctx, [result.stored.entry]);
  return result.stored.entry;
}
