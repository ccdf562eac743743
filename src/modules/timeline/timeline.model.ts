import type { interactions } from "../../db/schema/index.js";
import type { PicklistChange } from "../records/record-lifecycle.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { badInput } from "../shared/errors.js";
import { TimelineEntry, TimelineSide, type Channel, type FollowUpStatus } from "./timeline-entry.type.js";

export type InteractionRow = typeof interactions.$inferSelect;
/** The columns of a new entry, but its org. */
export type EntryValues = Omit<typeof interactions.$inferInsert, "orgId">;


/** TL-6: the MILESTONE entry of a recorded picklist change of a lead or contact. */
export const milestoneValues = (recordType: string, recordId: number, c: PicklistChange): EntryValues => ({
  recordType,
  recordId,
  side: TimelineSide.MILESTONE,
  channel: null,
  event: c.field,
  actorUserId: c.changedBy,
  occurredAt: c.changedAt,
  summary: `${c.field}: ${c.oldValue ?? "(none)"} → ${c.newValue ?? "(none)"}`,
  details: { field: c.field, oldValue: c.oldValue, newValue: c.newValue },
});

/**
 * A stored interaction row as the API's TimelineEntry; the derived fields are resolved on demand.
 * An instance of the type-graphql class, which field resolvers then take as it is (no copy per call).
 */
export function toTimelineEntry(row: InteractionRow): TimelineEntry {
  const reaction = row.reaction ?? null;
  return Object.assign(new TimelineEntry(), {
    __typename: "TimelineEntry",
    id: encodeGlobalId("TimelineEntry", row.id),
    dbId: row.id,
    recordType: row.recordType,
    recordId: row.recordId,
    actorUserId: row.actorUserId,
    followUpId: row.followUpId ?? null,
    followUpAt: row.followUpAt ?? null,
    side: row.side as TimelineSide,
    channel: row.channel as Channel | null,
    event: row.event,
    source: row.source,
    status: row.status as FollowUpStatus | null,
    summary: row.summary,
    occurredAt: row.occurredAt,
    details: row.details,
    reaction: reaction
      ? { questionsAnswered: reaction.questionsAnswered ?? null, timeSpentSeconds: reaction.timeSpentSeconds ?? null, pagesViewed: reaction.pagesViewed ?? null }
      : null,
    createdAt: row.createdAt,
    streamCursor: encodeStreamCursor(row.streamSeq),
  });
}

/** A position in a record's live stream (its entries' stream seq): opaque to clients. */
export const encodeStreamCursor = (seq: number) => Buffer.from(`s:${seq}`).toString("base64url");

export function decodeStreamCursor(cursor: string, field = "after"): number {
  const match = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badInput(field, "is not a timeline stream cursor");
  return Number(match[1]);
}
