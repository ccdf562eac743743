import DataLoader from "dataloader";
import type { LoaderScope } from "../shared/context.js";
import { keyed, lazyObject } from "../shared/lazy.js";
import { toAverage } from "./interval-averages.service.js";
import type { TimelineEntry } from "./timeline-entry.type.js";
import { toTimelineEntry } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";
import type { TimelineAverage } from "./timeline.type.js";

/** Results of a batch by entry id, in key order, with null for misses. */
function byEntry<R extends { entryId: number }>(rows: R[], ids: readonly number[]): (R | null)[] {
  const map = new Map(rows.map((r) => [Number(r.entryId), r]));
  return ids.map((id) => map.get(id) ?? null);
}

/**
 * The timeline's DataLoaders for one request: entries by id and what is derived from each
 * entry's neighbours (intervals, preceding entries, milestone spans, collapsed follow-ups).
 * Every batch is one statement in the viewer's org; record visibility is checked by the caller
 * before an entry is reached.
 */
export function createTimelineLoaders({ db, orgId }: LoaderScope) {
  return lazyObject({
    entries: () =>
      new DataLoader<number, TimelineEntry | null>(async (ids) => {
        const rows = await repo.findEntriesByIds(db, orgId, ids);
        const map = new Map(rows.map((r) => [r.id, toTimelineEntry(r)]));
        return ids.map((id) => map.get(id) ?? null);
      }),
    preceding: () =>
      keyed(
        (kind: repo.Preceding) =>
          new DataLoader<number, repo.PrecedingRow | null>(async (ids) => byEntry(await repo.findPreceding(db, orgId, ids, kind), ids)),
      ),
    milestoneSpans: () =>
      new DataLoader<number, repo.MilestoneSpanRow | null>(async (ids) => byEntry(await repo.findMilestoneSpans(db, orgId, ids), ids)),
    collapsedFollowUps: () =>
      keyed(
        (page: { after: repo.Position | null; limit: number }) =>
          new DataLoader<number, TimelineEntry[]>(async (ids) => {
            const rows = await repo.findCollapsedFollowUps(db, orgId, ids, page);
            const out = new Map<number, TimelineEntry[]>(ids.map((id) => [id, []]));
            for (const r of rows) out.get(r.signalId)?.push(toTimelineEntry(r.entry));
            return ids.map((id) => out.get(id)!);
          }),
        (page) => `${page.limit}:${page.after ? `${page.after.at.toISOString()}:${page.after.id}` : ""}`,
      ),
    collapsedFollowUpCount: () =>
      new DataLoader<number, number>(async (ids) => {
        const rows = await repo.countCollapsedFollowUps(db, orgId, ids);
        const map = new Map(rows.map((r) => [Number(r.signalId), r.n]));
        return ids.map((id) => map.get(id) ?? 0);
      }),
    /** The org's module averages by record type (lead | contact), read once per request. */
    averages: () =>
      new DataLoader<string, TimelineAverage | null>(async (types) => {
        const rows = await repo.findAverages(db, orgId);
        return types.map((type) => {
          const row = rows.find((r) => r.recordType === type);
          return row ? toAverage(row) : null;
        });
      }),
  });
}

export type TimelineLoaders = ReturnType<typeof createTimelineLoaders>;

declare module "../shared/context.js" {
  interface Loaders {
    timeline: TimelineLoaders;
  }
}
