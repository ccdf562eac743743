import type { Db } from "../../db/client.js";
import { writeEvent, type EventType } from "../../events/outbox.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { TimelineSide } from "./timeline-entry.type.js";
import type { InteractionRow } from "./timeline.model.js";

const RECORD_TYPENAMES = { lead: "Lead", contact: "Contact" } as const;
const TYPE_OF_SIDE: Record<string, EventType> = {
  [TimelineSide.SIGNAL]: "SIGNAL_RECEIVED",
  [TimelineSide.FOLLOW_UP]: "FOLLOW_UP_LOGGED",
  [TimelineSide.MILESTONE]: "MILESTONE_REACHED",
};

/** The webhook `data` of a stored timeline entry: its ids (global IDs) and main fields (HOOK-2). */
export function entryEventData(row: InteractionRow): Record<string, unknown> {
  const typename = RECORD_TYPENAMES[row.recordType as keyof typeof RECORD_TYPENAMES];
  return {
    entry: {
      id: encodeGlobalId("TimelineEntry", row.id),
      side: row.side,
      channel: row.channel,
      source: row.source,
      event: row.event,
      status: row.status,
      summary: row.summary,
      occurredAt: row.occurredAt.toISOString(),
      details: row.details,
      performedBy: row.actorUserId ? encodeGlobalId("User", row.actorUserId) : null,
    },
    record: { id: typename ? encodeGlobalId(typename, row.recordId) : null, type: row.recordType.toUpperCase() },
  };
}

/** HOOK-2, HOOK-3: one outbox event per stored entry (signal, follow-up or milestone), in the storing transaction. */
export async function writeEntryEvents(tx: Db, rows: InteractionRow[]) {
  for (const row of rows) {
    const type = TYPE_OF_SIDE[row.side];
    if (!type) continue;
    await writeEvent(tx, { orgId: row.orgId, type, record: { type: row.recordType, id: row.recordId }, data: entryEventData(row) });
  }
}
