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
import { toTimelineEntry } from "../timeline/timeline.model.js";
import { findEntryRows } from "../timeline/timeline.service.js";
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

/**
 * SIG-20, SIG-21: the subscriber's notifications. It listens first, then replays everything after
 * `after` (or starts from now), then on each wake-up reads everything after the last seq it sent.
 * Pub/sub only wakes it: a lost message delays an event to the next wake-up but never loses it,
 * and reading by seq never sends one twice.
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
    try {
      let last = after ?? (await repo.lastSeq(ctx.db, viewer.userId));
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
            if (matches(row)) yield toNotification(row);
          }
          if (rows.length < BATCH) break;
        }
      } while (await wakeups.wait());
    } finally {
      stop();
    }
  }
  return closable(run(), wakeups);
}

/**
 * SIG-23, TL-15: new entries of one record's timeline, for users who may view it; the permission
 * is checked at subscribe time and again before each entry.
 */
export async function timelineStream(ctx: RequestContext, recordId: string): Promise<AsyncGenerator<StreamEvent<TimelineEntry>>> {
  requireViewer(ctx.viewer);
  const { kind, record } = await getVisibleCustomer(ctx, recordId, "recordId");
  const wakeups = new Wakeups();
  const pending: number[] = [];

  async function* run(): AsyncGenerator<StreamEvent<TimelineEntry>> {
    const stop = await ctx.pubsub.listen("timeline", `${kind.type}:${record.dbId}`, ({ entryId }) => {
      pending.push(entryId);
      wakeups.notify();
    });
    try {
      while (await wakeups.wait()) {
        const ids = pending.splice(0);
        const visible = (await refreshAccess(ctx)) && (await ctx.loaders.records[kind.type].load(record.dbId));
        if (!visible) {
          yield ACCESS_LOST;
          return;
        }
        const rows = await findEntryRows(ctx.db, ctx.viewer!.orgId, ids);
        rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
        for (const row of rows) if (row.recordType === kind.type && row.recordId === record.dbId) yield toTimelineEntry(row);
      }
    } finally {
      stop();
    }
  }
  return closable(run(), wakeups);
}

