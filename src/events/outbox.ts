import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { events } from "../db/schema/index.js";
import { uuidv7 } from "./uuid.js";

/**
 * What integrators may subscribe to (HOOK-2). The names are the GraphQL `WebhookEvent` values.
 * Each is written by the module that makes the change (visitors: visits and chats; social: posts).
 */
export const EVENT_TYPES = [
  "SIGNAL_RECEIVED",
  "FOLLOW_UP_LOGGED",
  "MILESTONE_REACHED",
  "LEAD_CREATED",
  "LEAD_CONVERTED",
  "DEAL_STAGE_CHANGED",
  "VISIT_RECORDED",
  "CHAT_RECORDED",
  "SOCIAL_POST_RECEIVED",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event as stored: `data` is what its webhook body carries; `record` orders its deliveries (HOOK-5). */
export interface OutboxEvent {
  id: string;
  orgId: number;
  type: EventType;
  record: { type: string; id: number };
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Runs in the transaction that wrote the event (the webhooks module enqueues its deliveries). */
export type EventListener = (tx: Db, event: OutboxEvent) => Promise<void>;

declare module "../modules/shared/module.js" {
  interface ModuleExtensions {
    /**
     * Reactions to every event written to the outbox, in the writer's transaction. `wanted`: an
     * SQL condition true when `written` has something to do for the event (webhooks: an endpoint
     * subscribed to it), for writers that insert the event in a statement of their own and ask
     * it there (`eventWantedSql`); without it, every event is wanted.
     */
    events: { written?: EventListener; wanted?: EventWanted };
  }
}

/** An SQL condition on the event's org and type (see `events.wanted`). */
export type EventWanted = (e: { orgId: number; type: EventType }) => SQL;

let listeners: { written: EventListener; wanted: EventWanted | null }[] | null = null;

/** The composition root hands over every module's listener, once, at start-up. */
export function registerEventListeners(list: readonly ({ written?: EventListener; wanted?: EventWanted } | undefined)[]) {
  listeners = list.flatMap((l) => (l?.written ? [{ written: l.written, wanted: l.wanted ?? null }] : []));
}

/**
 * Whether any listener has something to do for an event, as an SQL condition for the statement
 * that inserts it; pass its value to `eventWritten`, which then skips the listeners' statements
 * when none has.
 */
export function eventWantedSql(e: { orgId: number; type: EventType }): SQL {
  if (!listeners) throw new Error("outbox used before registerEventListeners() (src/server/modules.ts)");
  if (listeners.some((l) => !l.wanted)) return sql`true`;
  return listeners.length ? sql`(${sql.join(listeners.map((l) => l.wanted!(e)), sql` or `)})` : sql`false`;
}

/**
 * HOOK-3: records one event in `tx`, the transaction of the change that causes it, so the event
 * commits or rolls back with the change; then the registered listeners run in the same
 * transaction. Call it from the module that makes the change (imports point down: this file
 * imports no module).
 */
export async function writeEvent(
  tx: Db,
  e: { orgId: number; type: EventType; record: { type: string; id: number }; data: Record<string, unknown> },
): Promise<OutboxEvent> {
  const event = newEvent(e);
  const [row] = await tx
    .insert(events)
    .values(eventValues(event))
    .returning({ createdAt: events.createdAt });
  return eventWritten(tx, { ...event, createdAt: row!.createdAt });
}

/**
 * `writeEvent` in steps, for a writer that inserts the event's row (`eventValues`) in a statement
 * of its own (signals' ingestion folds it into the one that stores the signal): the event with
 * its id, then, once its row is inserted in `tx`, `eventWritten` with its created_at.
 */
export function newEvent(e: { orgId: number; type: EventType; record: { type: string; id: number }; data: Record<string, unknown> }): Omit<OutboxEvent, "createdAt"> {
  // An event written before the modules were composed would skip its deliveries: refuse instead.
  if (!listeners) throw new Error("outbox used before registerEventListeners() (src/server/modules.ts)");
  return { id: uuidv7(), orgId: e.orgId, type: e.type, record: e.record, data: e.data };
}

/** The `events` row of an event (created_at: the column's default). */
export const eventValues = (e: Omit<OutboxEvent, "createdAt">) => ({
  orgId: e.orgId,
  id: e.id,
  type: e.type,
  recordType: e.record.type,
  recordId: e.record.id,
  payload: e.data,
});

/**
 * Runs the registered listeners in `tx`, where the event's row was just inserted; none when
 * `wanted` (the value of `eventWantedSql` in the inserting statement) is false.
 */
export async function eventWritten(tx: Db, event: OutboxEvent, wanted = true): Promise<OutboxEvent> {
  if (!wanted) return event;
  for (const listener of listeners!) await listener.written(tx, event);
  return event;
}
