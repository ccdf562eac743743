import type { RequestContext } from "../shared/context.js";
import { getOrganization, userFromJson, type UserJson } from "../identity/identity.service.js";
import type { RecordKind } from "../records/record-kind.js";
import { parsePage, toConnection, type Connection } from "../shared/connection.js";
import { badInput } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { isStorableDate } from "../shared/scalars.js";
import { mayReadHistory } from "./timeline-access.service.js";
import { TimelineSide, type TimelineEntry } from "./timeline-entry.type.js";
import { periodRange } from "./timeline-period.js";
import { TimelineOrder, TimelineView, type TimelineArgs, type TimelineFilter } from "./timeline.input.js";
import { toTimelineEntry, type InteractionRow } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";

/** The sides each view holds (TL-11). */
const VIEW_SIDES: Record<TimelineView, TimelineSide[] | null> = {
  [TimelineView.ALL]: null,
  [TimelineView.SIGNALS]: [TimelineSide.SIGNAL],
  [TimelineView.MILESTONES]: [TimelineSide.MILESTONE],
};

const cursorKey = (descending: boolean) => `OCCURRED_AT:${descending ? "DESC" : "ASC"}`;

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
  read: { performers?: boolean } = {},
): Promise<Connection<TimelineEntry>> {
  const descending = (args.order ?? TimelineOrder.NEWEST_FIRST) === TimelineOrder.NEWEST_FIRST;
  const key = cursorKey(descending);
  const page = parsePage(args, key);
  const query = await entryQuery(ctx, record, args.view ?? TimelineView.ALL, args.filter);
  const after = page.after ? toPosition(page.after) : null;
  const empty = query.sides?.length === 0 || page.limit === 0;
  const rows = empty ? [] : await repo.listEntries(ctx.db, { ...query, descending, after, limit: page.limit + 1, performers: read.performers });
  return toConnection({
    rows,
    page,
    cursorOf: (row) => ({ key, value: row.occurredAt.toISOString(), id: row.id }),
    toNode: (row) => primeEntry(ctx, row),
    count: () => (query.sides?.length === 0 ? Promise.resolve(0) : repo.countEntries(ctx.db, query)),
  });
}

/** Maps a row and primes the request's entry loader with it (and the users loader with its performer, when read). */
function primeEntry(ctx: RequestContext, row: InteractionRow & { performer?: UserJson | null }): TimelineEntry {
  const entry = toTimelineEntry(row);
  ctx.loaders.timeline.entries.prime(row.id, entry);
  if (row.performer) ctx.loaders.identity.users.prime(row.performer.id, userFromJson(row.performer));
  return entry;
}

/** TL-11: the follow-ups a SIGNALS view collapses under a signal, newest first; empty on other entries. */
export async function listCollapsedFollowUps(ctx: RequestContext, signal: TimelineEntry, args: { first?: number | null; after?: string | null }) {
  const mayRead = await mayReadHistory(ctx, signal);
  const key = cursorKey(true);
  const page = parsePage(args, key);
  const isSignal = signal.side === TimelineSide.SIGNAL && mayRead;
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

/** TL-11, SIGNALS view: on a signal, the latest follow-up before it. */
export function findPrecedingFollowUp(ctx: RequestContext, entry: TimelineEntry): Promise<TimelineEntry | null> | null {
  return entry.side === TimelineSide.SIGNAL ? findPrecedingEntry(ctx, entry, "FOLLOW_UP") : null;
}

/** TL-11, MILESTONES view: on a milestone, the signal or follow-up immediately preceding it. */
export function findPrecedingInteraction(ctx: RequestContext, entry: TimelineEntry): Promise<TimelineEntry | null> | null {
  return entry.side === TimelineSide.MILESTONE ? findPrecedingEntry(ctx, entry, "INTERACTION") : null;
}

/** The entry of the given kind immediately preceding one, when the caller may read its history. */
async function findPrecedingEntry(ctx: RequestContext, entry: TimelineEntry, kind: repo.Preceding): Promise<TimelineEntry | null> {
  if (!(await mayReadHistory(ctx, entry))) return null;
  const prev = await ctx.loaders.timeline.preceding(kind).load(entry.dbId);
  return prev ? ctx.loaders.timeline.entries.load(Number(prev.id)) : null;
}
