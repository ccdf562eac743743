import type { interactions } from "../../db/schema/index.js";
import { encodeGlobalId } from "../shared/global-id.js";
import type { Channel, FollowUpStatus, TimelineEntry, TimelineSide } from "./timeline-entry.type.js";

export type InteractionRow = typeof interactions.$inferSelect;

/** A stored interaction row as the API's TimelineEntry; the derived fields are resolved on demand. */
export function toTimelineEntry(row: InteractionRow): TimelineEntry {
  const reaction = row.reaction ?? null;
  return {
    __typename: "TimelineEntry",
    id: encodeGlobalId("TimelineEntry", row.id),
    dbId: row.id,
    recordType: row.recordType,
    recordId: row.recordId,
    actorUserId: row.actorUserId,
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
  };
}
