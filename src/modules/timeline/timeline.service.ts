import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import { getOrganization, requireActiveUser } from "../identity/identity.service.js";
import { isCustomerType, type RecordKind } from "../records/record-kind.js";
import { getOrgCustomer, getVisibleCustomer } from "../records/record.service.js";
import { parsePage, toConnection, type Connection } from "../shared/connection.js";
import { AppError, badInput, conflict, forbidden, unauthenticated } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { isStorableDate } from "../shared/scalars.js";
import { assertEventTime, detailsObject } from "../shared/validation.js";
import { crmScope } from "../shared/viewer.js";
import { statusesOf } from "./follow-up-catalog.js";
import { Channel, TimelineSide, type TimelineEntry } from "./timeline-entry.type.js";
import type { TimelineChannelSummary, TimelineSummary } from "./timeline.type.js";
import { TimelineOrder, TimelinePeriod, TimelineView, type LogFollowUpInput, type TimelineArgs, type TimelineFilter } from "./timeline.input.js";
import type { PicklistChange } from "../records/record-lifecycle.js";
import { milestoneValues, toTimelineEntry, type InteractionRow } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";
import { writeEntryEvents } from "./timeline-events.js";

/** The sides each view holds (TL-11). */
const VIEW_SIDES: Record<TimelineView, TimelineSide[] | null> = {
  [TimelineView.ALL]: null,
  [TimelineView.SIGNALS]: [TimelineSide.SIGNAL],
  [TimelineView.MILESTONES]: [TimelineSide.MILESTONE],
};

const cursorKey = (descending: boolean) => `OCCURRED_AT:${descending ? "DESC" : "ASC"}`;

/** TL-10: a preset period, a calendar date or an instant range, as [from, to) in the org's time zone. */
export function periodRange(
  filter: Pick<TimelineFilter, "period" | "date" | "from" | "to">,
  timeZone: string,
  now: Date = new Date(),
): { from: Date | null; to: Date | null } {
  const given = (["period", "date", "from"] as const).filter((k) => filter[k] != null || (k === "from" && filter.to != null));
  if (given.length > 1) throw badInput(`filter.${given[1]}`, "use only one of `period`, `date` and `from`/`to`");
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const days = (start: DateTime, n: number) => ({ from: start.toJSDate(), to: start.plus({ days: n }).toJSDate() });
  if (filter.period) {
    switch (filter.period) {
      case TimelinePeriod.TODAY:
        return days(today, 1);
      case TimelinePeriod.YESTERDAY:
        return days(today.minus({ days: 1 }), 1);
      case TimelinePeriod.LAST_7_DAYS:
        return days(today.minus({ days: 6 }), 7);
      case TimelinePeriod.LAST_30_DAYS:
        return days(today.minus({ days: 29 }), 30);
    }
  }
  if (filter.date) return days(DateTime.fromISO(filter.date, { zone: timeZone }).startOf("day"), 1);
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  if (from && to && from.getTime() >= to.getTime()) throw badInput("filter.to", "must be later than `from`");
  return { from, to };
}

/** The filter as repo conditions; the org's time zone is read only when a period or date needs it. */
async function entryQuery(
  ctx: RequestContext,
  record: { kind: RecordKind; id: number },
  view: TimelineView,
  filter: TimelineFilter | null | undefined,
): Promise<repo.EntryQuery> {
  const f = filter ?? {};
  const viewSides = VIEW_SIDES[view];
  const sides = f.sides?.length ? (viewSides ?? f.sides).filter((s) => f.sides!.includes(s)) : viewSides;
  const userIds = f.userIds?.length ? f.userIds.map((id, i) => decodeIdOfType(id, "User", `filter.userIds.${i}`)) : null;
  const needsZone = f.period != null || f.date != null;
  const timeZone = needsZone ? (await getOrganization(ctx, ctx.viewer!.orgId)).timeZone : "UTC";
  const { from, to } = periodRange(f, timeZone);
  return {
    orgId: ctx.viewer!.orgId,
    recordType: record.kind.type,
    recordId: record.id,
    sides,
    channels: f.channels?.length ? f.channels : null,
    userIds,
    from,
    to,
  };
}

function toPosition(cursor: { value: string | number; id: number }): repo.Position {
  const at = new Date(String(cursor.value));
  if (!isStorableDate(at)) throw badInput("after", "is not a valid cursor");
  return { at, id: cursor.id };
}

/**
 * TL-10..12: one page of a visible lead's or contact's history (the caller has loaded the record
 * through the viewer's scope, TL-14).
 */
export async function listTimeline(
  ctx: RequestContext,
  record: { kind: RecordKind; id: number },
  args: TimelineArgs,
): Promise<Connection<TimelineEntry>> {
  const descending = (args.order ?? TimelineOrder.NEWEST_FIRST) === TimelineOrder.NEWEST_FIRST;
  const key = cursorKey(descending);
  const page = parsePage(args, key);
  const query = await entryQuery(ctx, record, args.view ?? TimelineView.ALL, args.filter);
  const after = page.after ? toPosition(page.after) : null;
  const empty = query.sides?.length === 0 || page.limit === 0;
  const rows = empty ? [] : await repo.listEntries(ctx.db, { ...query, descending, after, limit: page.limit + 1 });
  return toConnection({
    rows,
    page,
    cursorOf: (row) => ({ key, value: row.occurredAt.toISOString(), id: row.id }),
    toNode: (row) => primeEntry(ctx, row),
    count: () => (query.sides?.length === 0 ? Promise.resolve(0) : repo.countEntries(ctx.db, query)),
  });
}

/** Entries by id within an org, in no particular order; visibility follows the record and is the caller's to check. */
/** CORE-13, CORE-14: a record's timeline follows it on conversion and goes with it on deletion. */
export const moveTimeline = repo.moveEntries;
export const deleteTimeline = repo.deleteEntries;

/**
 * TL-14: whether the caller may read an entry and the history around it: viewers of its record,
 * and integrations, which act for the whole org. An entry can be reached without its record (a
 * notification received before the record was reassigned), so the record is checked here.
 */
export async function mayReadHistory(ctx: RequestContext, entry: TimelineEntry): Promise<boolean> {
  if (!ctx.viewer) return ctx.integration !== null;
  if (!isCustomerType(entry.recordType)) return false;
  return (await ctx.loaders.records.byType[entry.recordType].load(entry.recordId)) !== null;
}

/** `node(id:)`: an entry whose record the viewer may view (TL-14), else null. */
export async function findVisibleEntry(ctx: RequestContext, id: number): Promise<TimelineEntry | null> {
  crmScope(ctx.viewer);
  const entry = await ctx.loaders.timeline.entries.load(id);
  return entry && (await mayReadHistory(ctx, entry)) ? entry : null;
}

/** Maps a row and primes the request's entry loader with it. */
function primeEntry(ctx: RequestContext, row: InteractionRow): TimelineEntry {
  const entry = toTimelineEntry(row);
  ctx.loaders.timeline.entries.prime(row.id, entry);
  return entry;
}

/** TL-11: the follow-ups a SIGNALS view collapses under a signal, newest first. */
export async function listCollapsedFollowUps(
  ctx: RequestContext,
  signal: TimelineEntry,
  args: { first?: number | null; after?: string | null },
  mayReadHistory: boolean,
) {
  const key = cursorKey(true);
  const page = parsePage(args, key);
  const isSignal = signal.side === TimelineSide.SIGNAL && mayReadHistory;
  const entries =
    isSignal && page.limit > 0
      ? await ctx.loaders.timeline.collapsedFollowUps({ after: page.after ? toPosition(page.after) : null, limit: page.limit + 1 }).load(signal.dbId)
      : [];
  return toConnection({
    rows: entries,
    page,
    cursorOf: (e) => ({ key, value: e.occurredAt.toISOString(), id: e.dbId }),
    toNode: (e) => e,
    count: async () => (isSignal ? ctx.loaders.timeline.collapsedFollowUpCount.load(signal.dbId) : 0),
  });
}

/** Thrown inside the transaction to roll it back when the key turns out to be taken. */
class KeyTaken extends Error {}

export type StoreOnceResult<T> = { stored: T; first: null } | { stored: null; first: TimelineEntry };

/**
 * Stores an entry (and whatever `store` writes with it) at most once per idempotency key of the
 * org (SIG-13, TL-5): a repeat gets the first entry, at once when that one has committed, or after
 * waiting on the key's row when both race, the loser rolling back what it wrote. Without a key,
 * simply stores.
 */
export async function storeOnce<T extends { entryId: number }>(
  db: Db,
  orgId: number,
  key: repo.ScopedKey | null,
  store: (tx: Db) => Promise<T>,
): Promise<StoreOnceResult<T>> {
  const firstEntry = async () => {
    const row = key ? await repo.findEntryByKey(db, orgId, key) : null;
    return row ? toTimelineEntry(row) : null;
  };
  const earlier = await firstEntry();
  if (earlier) return { stored: null, first: earlier };
  try {
    const stored = await db.transaction(async (tx) => {
      const result = await store(tx);
      if (key && !(await repo.claimKey(tx, orgId, key, result.entryId))) throw new KeyTaken();
      return result;
    });
    return { stored, first: null };
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const first = await firstEntry();
    if (!first) throw new AppError("CONFLICT", "An entry with this idempotency key was being stored; retry", { field: "input.idempotencyKey" });
    return { stored: null, first };
  }
}

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
    const { kind, row } = await getOrgCustomer(ctx.db, orgId, input.recordId, "input.recordId");
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

/**
 * TL-6: a lead's or contact's recorded picklist changes become MILESTONE entries, in the
 * transaction that records them. Publish the result after commit.
 */
export async function recordMilestones(tx: Db, args: { orgId: number; recordType: string; recordId: number; changes: PicklistChange[] }) {
  if (!isCustomerType(args.recordType)) return [];
  const rows = await repo.insertEntries(
    tx,
    args.changes.map((c) => ({ ...milestoneValues(args.recordType, args.recordId, c), orgId: args.orgId })),
  );
  await writeEntryEvents(tx, rows);
  return rows.map(toTimelineEntry);
}

/**
 * RESP-1, in the transaction that stores a signal (stored open, with its record's owner as
 * openOwnerId): links it to the first follow-up already stored after it (a backdated signal),
 * under the record's lock, and returns the row as linked.
 */
export async function linkStoredSignal(tx: Db, row: InteractionRow): Promise<InteractionRow> {
  await repo.lockRecordHistory(tx, row);
  const link = await repo.linkSignal(tx, row.orgId, row.id);
  return link ? { ...row, ...link, openOwnerId: null } : row;
}

/** RESP-2, in the transaction that reassigns a lead or contact: its open signals move to the new owner. */
export async function reassignOpenSignals(tx: Db, args: { orgId: number; recordType: string; recordId: number; ownerId: number }) {
  if (!isCustomerType(args.recordType)) return;
  await repo.lockRecordHistory(tx, args);
  await repo.reassignOpenSignals(tx, args);
}

/** After commit: wake the record's timeline subscribers (TL-15), wherever they are connected. */
export function publishEntries(ctx: Pick<RequestContext, "pubsub">, entries: TimelineEntry[]) {
  for (const e of entries) ctx.pubsub.publish("timeline", `${e.recordType}:${e.recordId}`, { entryId: e.dbId });
}

const CHANNEL_ORDER = Object.values(Channel);

/** TL-13: counts by side and channel, the best-answered channel, the latest interaction and the idle state. */
export async function timelineSummary(ctx: RequestContext, record: { kind: RecordKind; id: number }): Promise<TimelineSummary> {
  const ref = { orgId: ctx.viewer!.orgId, recordType: record.kind.type, recordId: record.id };
  const [counts, responses, average] = await Promise.all([
    repo.countByChannelAndSide(ctx.db, ref),
    repo.countResponses(ctx.db, ref),
    ctx.loaders.timeline.averages.load(record.kind.type),
  ]);
  const bySide = Object.values(TimelineSide).map((side) => ({
    side,
    count: counts.filter((c) => c.side === side).reduce((n, c) => n + c.n, 0),
  }));
  const channels = new Map<Channel, TimelineChannelSummary>();
  let lastAt: number | null = null;
  for (const c of counts) {
    if (c.side === TimelineSide.MILESTONE || !c.channel) continue;
    const channel = c.channel as Channel;
    const summary = channels.get(channel) ?? { channel, signals: 0, followUps: 0, respondedFollowUps: 0, responseRate: null };
    if (c.side === TimelineSide.SIGNAL) summary.signals += c.n;
    else summary.followUps += c.n;
    channels.set(channel, summary);
    lastAt = Math.max(lastAt ?? 0, c.lastAt);
  }
  for (const r of responses) {
    const summary = channels.get(r.channel as Channel);
    if (!summary || r.followUps === 0) continue;
    summary.respondedFollowUps = r.responded;
    summary.responseRate = r.responded / r.followUps;
  }
  const byChannel = [...channels.values()].sort(
    (a, b) => b.signals + b.followUps - (a.signals + a.followUps) || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel),
  );
  const best = byChannel
    .filter((c) => c.responseRate !== null)
    .sort((a, b) => b.responseRate! - a.responseRate! || b.followUps - a.followUps || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel))[0];
  const since = lastAt === null ? null : Math.max(0, Math.round((Date.now() - lastAt) / 1000));
  const averageSeconds = average?.averageIntervalSeconds ?? null;
  return {
    totalInteractions: bySide.filter((s) => s.side !== TimelineSide.MILESTONE).reduce((n, s) => n + s.count, 0),
    bySide,
    byChannel,
    bestResponseChannel: best?.channel ?? null,
    lastInteractionAt: lastAt === null ? null : new Date(lastAt),
    secondsSinceLastInteraction: since,
    averageIntervalSeconds: averageSeconds,
    idle: since === null || averageSeconds === null ? null : since > averageSeconds,
  };
}
