import type { RequestContext } from "../shared/context.js";
import { probe } from "../../realtime/stream-watcher.js";
import { refreshAccess } from "../identity/access.js";
import { getVisibleCustomer } from "../records/record.service.js";
import { seqStream, STREAM_BATCH, type StreamEvent } from "../shared/stream.js";
import { requireViewer } from "../shared/viewer.js";
import { AppError } from "../shared/errors.js";
import type { TimelineEntry } from "./timeline-entry.type.js";
import { decodeStreamCursor, toTimelineEntry } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";
import type { RecordRef } from "./timeline.repo.js";

type TimelineWatch = RecordRef & { afterSeq: number };

/** The stream watcher's probe for timeline streams: those whose record has a newer entry. */
const timelineProbe = probe<TimelineWatch>("timeline", async (db, watches) => {
  const behind = await repo.positionsBehind(
    db,
    watches.map((w) => w.cursor()),
  );
  return behind.map((i) => watches[i]!);
});

/**
 * SIG-23, TL-15: new entries of one record's timeline, for users who may view it; the permission
 * is checked at subscribe time and again before each batch. Like the notification stream it reads
 * PostgreSQL after the last stream seq it sent on every wake-up, so a lost message only delays an
 * entry; with `after` (an entry's `streamCursor`) it first sends every entry stored since.
 */
export async function timelineStream(ctx: RequestContext, args: { recordId: string; after?: string | null }): Promise<AsyncGenerator<StreamEvent<TimelineEntry>>> {
  const viewer = requireViewer(ctx.viewer);
  const resumeAt = args.after ? decodeStreamCursor(args.after) : null;
  const { kind, record } = await getVisibleCustomer(ctx, args.recordId, "recordId");
  const ref: RecordRef = { orgId: viewer.orgId, recordType: kind.type, recordId: record.dbId };
  return seqStream(ctx, {
    topic: { name: "timeline", id: `${kind.type}:${record.dbId}` },
    start: async () => resumeAt ?? (await repo.lastStreamSeq(ctx.db, ref)),
    probe: timelineProbe,
    watchOf: (afterSeq) => ({ ...ref, afterSeq }),
    read: (afterSeq) => repo.entriesAfterSeq(ctx.db, { ...ref, afterSeq, limit: STREAM_BATCH }),
    seqOf: (row) => row.streamSeq,
    // The token, the user and the record's visibility, again before each batch.
    admit: async () => (await refreshAccess(ctx)) && (await ctx.loaders.records.byType[kind.type].load(record.dbId)) !== null,
    toEvent: toTimelineEntry,
    goneError: (message) =>
      "gone" in message
        ? new AppError("NOT_FOUND", message.movedTo ? `This ${kind.typename.toLowerCase()} was converted; follow the contact's timeline` : `This ${kind.typename.toLowerCase()} was deleted`, {
            field: "recordId",
            ...(message.movedTo ? { movedTo: message.movedTo } : {}),
          })
        : null,
  });
}

/** After commit: the record was deleted or converted; its timeline streams end (with the contact it became). */
export function publishGone(ctx: Pick<RequestContext, "pubsub">, record: { type: string; id: number }, movedTo: string | null) {
  ctx.pubsub.publish("timeline", `${record.type}:${record.id}`, { gone: true, movedTo });
}

/** After commit: wake the record's timeline subscribers (TL-15), wherever they are connected. */
export function publishEntries(ctx: Pick<RequestContext, "pubsub">, entries: TimelineEntry[]) {
  for (const e of entries) ctx.pubsub.publish("timeline", `${e.recordType}:${e.recordId}`, { entryId: e.dbId });
}
