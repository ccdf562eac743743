import type { RequestContext } from "../shared/context.js";
import { getOrganization } from "../identity/identity.service.js";
import { parsePage, toConnection, type Connection } from "../shared/connection.js";
import { badInput } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { isStorableDate } from "../shared/scalars.js";
import { crmScope } from "../shared/viewer.js";
import { SignalSource } from "../signals/signal-catalog.js";
import type { TimelineEntry } from "../timeline/timeline-entry.type.js";
import { toTimelineEntry } from "../timeline/timeline.model.js";
import type { UnansweredSignalFilter, UnansweredSignalsArgs } from "./follow-up.input.js";
import * as repo from "./follow-up.repo.js";
import type { SignalResponseReport } from "./follow-up.type.js";

const KEY = "UNANSWERED:OCCURRED_AT:DESC";
const DAY_MS = 86_400_000;
/** The longest report period: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

/**
 * The records whose signals the caller may list: CRM admins the org's, narrowed to `ownerId`
 * when given; plain users their own (CORE-4), so naming another owner matches nothing (null).
 */
function ownerScope(ctx: RequestContext, ownerId: string | null | undefined): { orgId: number; ownerId: number | null } | null {
  const scope = crmScope(ctx.viewer);
  const named = ownerId ? decodeIdOfType(ownerId, "User", "filter.ownerId") : null;
  if (scope.all) return { orgId: scope.orgId, ownerId: named };
  return named === null || named === scope.ownerId ? { orgId: scope.orgId, ownerId: scope.ownerId } : null;
}

function unansweredQuery(ctx: RequestContext, f: UnansweredSignalFilter, now: number): repo.UnansweredQuery | null {
  const age = f.olderThanSeconds;
  if (age != null && (!Number.isInteger(age) || age < 0)) throw badInput("filter.olderThanSeconds", "must be 0 or more");
  const scope = ownerScope(ctx, f.ownerId);
  if (!scope) return null;
  return {
    ...scope,
    sources: f.sources?.length ? [...new Set(f.sources)] : null,
    until: age != null ? new Date(now - age * 1000) : null,
  };
}

/** RESP-2: the signals of the records the caller may view that nobody followed up, newest first. */
export async function listUnansweredSignals(ctx: RequestContext, args: UnansweredSignalsArgs): Promise<Connection<TimelineEntry>> {
  const page = parsePage(args, KEY);
  const query = unansweredQuery(ctx, args.filter ?? {}, Date.now());
  let after: { at: Date; id: number } | null = null;
  if (page.after) {
    after = { at: new Date(String(page.after.value)), id: page.after.id };
    if (!isStorableDate(after.at)) throw badInput("after", "is not a valid cursor");
  }
  const rows = query && page.limit > 0 ? await repo.listUnanswered(ctx.db, { ...query, after, limit: page.limit + 1 }) : [];
  return toConnection({
    rows,
    page,
    cursorOf: (row) => ({ key: KEY, value: row.occurredAt.toISOString(), id: row.id }),
    toNode: (row) => {
      const entry = toTimelineEntry(row);
      ctx.loaders.timeline.entries.prime(row.id, entry);
      return entry;
    },
    count: async () => (query ? repo.countUnanswered(ctx.db, query) : 0),
  });
}

const SOURCE_ORDER = Object.values(SignalSource);
const bySignals = <T extends { signals: number }>(tie: (a: T, b: T) => number) => (a: T, b: T) => b.signals - a.signals || tie(a, b);

/**
 * RESP-3: per source, per owner and per day of [from, to) in the org's time zone: signals, those
 * followed up and the median seconds to follow-up, computed in SQL. CRM admins: the org; plain
 * users: their own records.
 */
export async function signalResponseReport(ctx: RequestContext, args: { from: Date; to: Date }): Promise<SignalResponseReport> {
  const scope = crmScope(ctx.viewer);
  if (args.from.getTime() >= args.to.getTime()) throw badInput("to", "must be later than `from`");
  if (args.to.getTime() - args.from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    throw badInput("to", `must be at most ${MAX_REPORT_DAYS} days after \`from\``, { maxDays: MAX_REPORT_DAYS });
  }
  const { timeZone } = await getOrganization(ctx, scope.orgId);
  const rows = await repo.responseReport(ctx.db, {
    orgId: scope.orgId,
    ownerId: scope.all ? null : scope.ownerId,
    from: args.from,
    to: args.to,
    timeZone,
  });
  const counts = (r: repo.ReportRow) => ({ signals: r.signals, followedUp: r.followedUp, medianSecondsToFollowUp: r.median ?? null });
  const of = (by: repo.ReportRow["by"]) => rows.filter((r) => r.by === by);
  return {
    from: args.from,
    to: args.to,
    timeZone,
    bySource: of("source")
      .map((r) => ({ source: r.source as SignalSource, ...counts(r) }))
      .sort(bySignals((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source))),
    byOwner: of("owner")
      .map((r) => ({ ownerId: Number(r.ownerId), ...counts(r) }))
      .sort(bySignals((a, b) => a.ownerId - b.ownerId)) as SignalResponseReport["byOwner"],
    byDay: of("day")
      .map((r) => ({ date: r.day!, ...counts(r) }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
}
