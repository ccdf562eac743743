import type { RequestContext } from "../shared/context.js";
import { closable, Wakeups } from "../../realtime/wakeups.js";
import { probe } from "../../realtime/stream-watcher.js";
import { refreshAccess } from "../identity/access.js";
import { CUSTOMER_KINDS, decodeRecordId } from "../records/record-kind.js";
import { ACCESS_LOST, STREAM_BATCH as BATCH, type StreamEvent } from "../shared/stream.js";
import { requireViewer } from "../shared/viewer.js";
import { decodeNotificationCursor, toNotification } from "./notification.service.js";
import type { SignalSource } from "./signal-catalog.js";
import * as repo from "./signal.repo.js";
import type { Notification } from "./signal.type.js";

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

