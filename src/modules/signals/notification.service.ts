import type { RequestContext } from "../shared/context.js";
import { getVisibleCustomer } from "../records/record.service.js";
import { CUSTOMER_KINDS, decodeRecordId } from "../records/record-kind.js";
import { parsePage, toConnection, type PageArgs } from "../shared/connection.js";
import { badInput } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { requireViewer } from "../shared/viewer.js";
import { SignalSource, type SignalEvent } from "./signal-catalog.js";
import type { NotificationFilter, UpdateSignalSettingsInput } from "./signal.input.js";
import * as repo from "./signal.repo.js";
import type { Notification, SignalSettings } from "./signal.type.js";

const KEY = "SEQ:DESC";

/** The subscription cursor: opaque, and it encodes the per-user sequence number (SIG-21). */
export const encodeNotificationCursor = (seq: number) => Buffer.from(`n:${seq}`).toString("base64url");

export function decodeNotificationCursor(cursor: string, field = "after"): number {
  const match = /^n:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badInput(field, "is not a notification cursor");
  return Number(match[1]);
}

export const toNotification = (row: repo.NotificationRow): Notification => ({
  __typename: "Notification",
  id: encodeGlobalId("Notification", row.id),
  dbId: row.id,
  seq: row.seq,
  cursor: encodeNotificationCursor(row.seq),
  recordType: row.recordType,
  recordId: row.recordId,
  interactionId: row.interactionId,
  source: row.source as SignalSource,
  event: row.event as SignalEvent,
  icon: row.source.toLowerCase().replace(/_/g, "-"),
  summary: row.summary,
  read: row.readAt !== null,
  occurredAt: row.occurredAt,
  createdAt: row.createdAt,
});

function recordFilter(recordId: string | null | undefined, field: string) {
  if (!recordId) return null;
  const { kind, id } = decodeRecordId(recordId, CUSTOMER_KINDS, field);
  return { type: kind.type, id };
}

/** SIG-18, SIG-19: your notifications, newest first, filtered, cursor-paginated. */
export async function listNotifications(ctx: RequestContext, args: { page: PageArgs; filter?: NotificationFilter | null }) {
  const viewer = requireViewer(ctx.viewer);
  const page = parsePage(args.page, KEY);
  const f = args.filter;
  const query: repo.NotificationQuery = {
    orgId: viewer.orgId,
    userId: viewer.userId,
    sources: f?.sources,
    unread: f?.unread,
    from: f?.from,
    to: f?.to,
    record: recordFilter(f?.recordId, "filter.recordId"),
    followedUp: f?.followedUp,
  };
  const rows = page.limit === 0 ? [] : await repo.listNotifications(ctx.db, { ...query, beforeSeq: page.after?.id ?? null, limit: page.limit });
  return toConnection({
    rows,
    page,
    cursorOf: (r) => ({ key: KEY, value: r.seq, id: r.seq }),
    toNode: toNotification,
    count: () => repo.countNotifications(ctx.db, query),
  });
}

export function unreadCount(ctx: RequestContext) {
  const viewer = requireViewer(ctx.viewer);
  return repo.countNotifications(ctx.db, { orgId: viewer.orgId, userId: viewer.userId, unread: true });
}

/** Marks some (`ids`) or all (`all: true`) of your notifications read; returns how many changed. */
export function markRead(ctx: RequestContext, args: { ids?: string[] | null; all?: boolean | null }) {
  const viewer = requireViewer(ctx.viewer);
  if (!args.all && !args.ids?.length) throw badInput("ids", "give ids, or all: true");
  if (args.all && args.ids?.length) throw badInput("all", "give ids or all, not both");
  if (args.ids && args.ids.length > 500) throw badInput("ids", "at most 500 at a time");
  const ids = args.all ? null : args.ids!.map((id, i) => decodeIdOfType(id, "Notification", `ids.${i}`));
  return repo.markRead(ctx.db, { orgId: viewer.orgId, userId: viewer.userId, ids });
}

const ALL_SOURCES = Object.values(SignalSource);

export async function getSettings(ctx: RequestContext): Promise<SignalSettings> {
  const viewer = requireViewer(ctx.viewer);
  const row = await repo.findSettings(ctx.db, viewer.userId);
  const disabled = new Set(row?.disabledSources ?? []);
  return { enabled: row?.enabled ?? true, sources: ALL_SOURCES.map((source) => ({ source, enabled: !disabled.has(source) })) };
}

/** SIG-17: every user changes their own settings. */
export async function updateSettings(ctx: RequestContext, input: UpdateSignalSettingsInput): Promise<SignalSettings> {
  const viewer = requireViewer(ctx.viewer);
  const current = await getSettings(ctx);
  const seen = new Set<SignalSource>();
  input.sources?.forEach(({ source }, i) => {
    if (seen.has(source)) throw badInput(`input.sources.${i}.source`, `${source} is listed twice`);
    seen.add(source);
  });
  const enabled = input.enabled ?? current.enabled;
  const sources = current.sources.map((s) => input.sources?.find((i) => i.source === s.source) ?? s);
  await repo.saveSettings(ctx.db, {
    userId: viewer.userId,
    orgId: viewer.orgId,
    enabled,
    disabledSources: sources.filter((s) => !s.enabled).map((s) => s.source),
  });
  return { enabled, sources };
}

async function watchTarget(ctx: RequestContext, recordId: string) {
  const viewer = requireViewer(ctx.viewer);
  const { kind, record } = await getVisibleCustomer(ctx, recordId, "recordId");
  return { orgId: viewer.orgId, userId: viewer.userId, recordType: kind.type, recordId: record.dbId };
}

/** SIG-16: a user who may view a record can watch it and receive its signals. */
export async function watchRecord(ctx: RequestContext, recordId: string) {
  await repo.addWatcher(ctx.db, await watchTarget(ctx, recordId));
  return true;
}

export async function unwatchRecord(ctx: RequestContext, recordId: string) {
  await repo.removeWatcher(ctx.db, await watchTarget(ctx, recordId));
  return true;
}

/** `node(id:)` for a notification: only its recipient sees it. */
export async function findNotification(ctx: RequestContext, id: number): Promise<Notification | null> {
  const viewer = requireViewer(ctx.viewer);
  const row = await repo.findNotification(ctx.db, { orgId: viewer.orgId, userId: viewer.userId, id });
  return row ? toNotification(row) : null;
}
