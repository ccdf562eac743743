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
    /** Reactions to every event written to the outbox, in the writer's transaction. */
    events: { written?: EventListener };
  }
}

let listeners: EventListener[] | null = null;

/** The composition root hands over every module's listener, once, at start-up. */
export function registerEventListeners(list: readonly (EventListener | undefined)[]) {
  listeners = list.filter((l): l is EventListener => Boolean(l));
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
  // An event written before the modules were composed would skip its deliveries: refuse instead.
  if (!listeners) throw new Error("outbox used before registerEventListeners() (src/server/modules.ts)");
  const id = uuidv7();
  const [row] = await tx
    .insert(events)
    .values({ orgId: e.orgId, id, type: e.type, recordType: e.record.type, recordId: e.record.id, payload: e.data })
    .returning({ createdAt: events.createdAt });
  const event: OutboxEvent = { id, orgId: e.orgId, type: e.type, record: e.record, data: e.data, createdAt: row!.createdAt };
  for (const listener of listeners) await listener(tx, event);
  return event;
}
