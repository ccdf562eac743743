import type { RequestContext } from "../shared/context.js";
import { probe } from "../../realtime/stream-watcher.js";
import { refreshAccess } from "../identity/access.js";
import { CUSTOMER_KINDS, decodeRecordId } from "../records/record-kind.js";
import { seqStream, STREAM_BATCH, type StreamEvent } from "../shared/stream.js";
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
  const recipient = { orgId: viewer.orgId, userId: viewer.userId };
  return seqStream(ctx, {
    topic: { name: "notifications", id: viewer.userId },
    start: async () => after ?? (await repo.lastSeq(ctx.db, viewer.userId)),
    probe: notificationProbe,
    watchOf: (seq) => ({ ...recipient, seq }),
    read: (afterSeq) => repo.notificationsAfter(ctx.db, { ...recipient, afterSeq, limit: STREAM_BATCH }),
    seqOf: (row) => row.seq,
    // Access is checked once per batch read, before any of it is pushed; a batch of others' sources needs none.
    admit: async (rows) => !rows.some(matches) || (await refreshAccess(ctx)),
    toEvent: (row) => {
      if (!matches(row)) return null;
      ctx.metrics.notificationsDelivered.inc();
      ctx.metrics.deliveryLag.observe(Math.max(0, Date.now() - row.createdAt.getTime()) / 1000);
      return toNotification(row);
    },
  });
}
