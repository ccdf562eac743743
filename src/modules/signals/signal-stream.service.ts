import type { RequestContext } from "../../server/context.js";
import { createLoaders } from "../../server/loaders.js";
import { closable, Wakeups } from "../../realtime/wakeups.js";
import { getVisibleCustomer } from "../records/record.service.js";
import { CUSTOMER_KINDS, decodeRecordId } from "../records/record-kind.js";
import { requireViewer } from "../shared/viewer.js";
import { unauthenticated } from "../shared/errors.js";
import { decodeNotificationCursor, toNotification } from "./notification.service.js";
import type { SignalSource } from "./signal-catalog.js";
import * as repo from "./signal.repo.js";
import { decodeStreamCursor, toTimelineEntry } from "../timeline/timeline.model.js";
import type { RecordRef } from "../timeline/timeline.repo.js";
import { live } from "../timeline/timeline.service.js";
import { probe } from "../../realtime/stream-watcher.js";
import type { Notification } from "./signal.type.js";
import type { TimelineEntry } from "../timeline/timeline-entry.type.js";
import { isTokenLive } from "../identity/identity.repo.js";

/** Sent in place of an event when the subscriber lost access; the resolver turns it into an error and the stream ends. */
export const ACCESS_LOST = Symbol("access lost");
export type StreamEvent<T> = T | typeof ACCESS_LOST;

/** In a subscription's resolver: the pushed value, or the error that ends the stream when access was lost. */
export function unwrap<T>(event: StreamEvent<T>): T {
  if (event === ACCESS_LOST) throw unauthenticated("Access to this subscription was revoked");
  return event;
}

const BATCH = 100;

/**
 * DESIGN trap 3: a subscription's context is built once. Before each batch of pushed events the
 * token and the user are checked again, and the batch gets fresh loaders.
 */
async function refreshAccess(ctx: RequestContext): Promise<boolean> {
  const viewer = ctx.viewer!;
  if (!(await isTokenLive(ctx.db, viewer.tokenId, viewer.orgId))) return false;
  ctx.loaders = createLoaders(ctx.db, ctx.viewer);
  return true;
}

/** The stream watcher's probe for notification streams: those whose recipient has a newer seq. */
const notificationProbe = probe<{ orgId: number; userId: number; seq: number }>("notifications", async (db, watches) => {
  const cursors = watches.map((w) => w.cursor());
  const latest = await repo.latestSeqs(db, cursors);
  return watches.filter((_, i) => (latest.get(cursors[i]!.userId) ?? 0) > cursors[i]!.seq);
});

/**
 * SIG-20, SIG-21: the subscriber's notifications. It listens first, then replays everything after
 * `after` (or starts from now), then on each wake-up reads everything after the last seq it sent.
 * Wake-ups come from pub/sub and, when a message was lost, from the stream watcher (a Redis
 * reconnect, the periodic check): a lost message delays an event but never loses it, and reading
 * by seq never sends one twice.
 */
export function notificationStream(
  ctx: RequestContext,
  args: { after?: string | null; sources?: SignalSource[] | null; recordId?: string | null },
): AsyncGenerator<StreamEvent<Notification>> {
  const viewer = requireViewer(ctx.viewer);
  const after = args.after ? decodeNotificationCursor(args.after) : null;
  const record = args.recordId ? decodeRecordId(args.recordId, CUSTOMER_KINDS, "recordId") : null;
  const sources = args.sources?.length ? new Set<string>(args.sources) : null;
  const matches = (row: repo.NotificationRow) =>
    (!sources || sources.has(row.source)) && (!record || (row.recordType === record.kind.type && row.recordId === record.id));
  const wakeups = new Wakeups();

  async function* run(): AsyncGenerator<StreamEvent<Notification>> {
    const stop = await ctx.pubsub.listen("notifications", viewer.userId, () => wakeups.notify());
    let last = 0;
    let unwatch = () => {};
    try {
      last = after ?? (await repo.lastSeq(ctx.db, viewer.userId));
      unwatch = ctx.streams.watch(notificationProbe, {
        cursor: () => ({ orgId: viewer.orgId, userId: viewer.userId, seq: last }),
        wake: () => wakeups.notify(),
      });
      do {
        for (;;) {
          const rows = await repo.notificationsAfter(ctx.db, { orgId: viewer.orgId, userId: viewer.userId, afterSeq: last, limit: BATCH });
          // Access is checked once per batch read, before any of it is pushed.
          if (rows.some(matches) && !(await refreshAccess(ctx))) {
            yield ACCESS_LOST;
            return;
          }
          for (const row of rows) {
            last = row.seq;
            if (matches(row)) {
              ctx.metrics.notificationsDelivered.inc();
              ctx.metrics.deliveryLag.observe(Math.max(0, Date.now() - row.createdAt.getTime()) / 1000);
              yield toNotification(row);
            }
          }
          if (rows.length < BATCH) break;
        }
      } while (await wakeups.wait());
    } finally {
      unwatch();
      stop();
    }
  }
  return closable(run(), wakeups);
}

type TimelineWatch = RecordRef & { afterSeq: number };

/** The stream watcher's probe for timeline streams: those whose record has a newer entry. */
const timelineProbe = probe<TimelineWatch>("timeline", async (db, watches) => {
  const behind = await live.positionsBehind(
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
  const wakeups = new Wakeups();

  async function* run(): AsyncGenerator<StreamEvent<TimelineEntry>> {
    const stop = await ctx.pubsub.listen("timeline", `${kind.type}:${record.dbId}`, () => wakeups.notify());
    let unwatch = () => {};
    try {
      let last = resumeAt ?? (await live.lastSeq(ctx.db, ref));
      unwatch = ctx.streams.watch(timelineProbe, { cursor: () => ({ ...ref, afterSeq: last }), wake: () => wakeups.notify() });
      do {
        for (;;) {
          const rows = await live.entriesAfter(ctx.db, { ...ref, afterSeq: last, limit: BATCH });
          if (rows.length === 0) break;
          const visible = (await refreshAccess(ctx)) && (await ctx.loaders.records[kind.type].load(record.dbId));
          if (!visible) {
            yield ACCESS_LOST;
            return;
          }
          for (const row of rows) {
            last = row.streamSeq;
            yield toTimelineEntry(row);
          }
          if (rows.length < BATCH) break;
        }
      } while (await wakeups.wait());
    } finally {
      unwatch();
      stop();
    }
  }
  return closable(run(), wakeups);
}
