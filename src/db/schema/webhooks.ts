import { sql } from "drizzle-orm";
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity.js";

const orgId = () =>
  bigint("org_id", { mode: "number" })
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/**
 * The transactional outbox (HOOK-2, HOOK-3): one row per event that integrators may want, written
 * by the module that makes the change, in the change's own transaction (src/events/outbox.ts). A
 * change that rolls back leaves no row; a committed one cannot lose its row. `payload` is the
 * `data` of the webhook body; `created_at` its `timestamp`. Pruned after WEBHOOK_EVENT_RETENTION_DAYS.
 */
export const events = pgTable(
  "events",
  {
    orgId: orgId(),
    /** The event id: a delivery's `webhook-id`, the same on every attempt and redelivery. */
    id: uuid("id").notNull(),
    type: text("type").notNull(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("events_created_idx").on(t.createdAt)],
);

/**
 * HOOK-1, HOOK-8: an org's webhook endpoints. status: ACTIVE | PAUSED (by an admin) | DISABLED
 * (after failing for WEBHOOK_DISABLE_AFTER_HOURS, with its reason). `failing_since`: the first
 * failed attempt since the last success. The signing secret is kept as is (signing needs it); the
 * previous one stays valid until `previous_secret_expires_at` after a rotation.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    url: text("url").notNull(),
    events: text("events").array().notNull(),
    description: text("description"),
    status: text("status").notNull().default("ACTIVE"),
    disabledReason: text("disabled_reason"),
    failingSince: ts("failing_since"),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: ts("previous_secret_expires_at"),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.orgId, t.id)],
);

/**
 * HOOK-6: one row per (endpoint, event) delivery, and one more per redelivery: its log. `job_id` is
 * its job in the pg-boss queue (the queue's own schema, `pgboss`). status: PENDING | SUCCEEDED | FAILED.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    endpointId: bigint("endpoint_id", { mode: "number" })
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").notNull(),
    jobId: uuid("job_id").notNull(),
    status: text("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastAttemptAt: ts("last_attempt_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.orgId, t.eventId], foreignColumns: [events.orgId, events.id], name: "webhook_deliveries_event_fk" }).onDelete("cascade"),
    index("webhook_deliveries_endpoint_idx").on(t.orgId, t.endpointId, t.id.desc()),
    index("webhook_deliveries_event_idx").on(t.orgId, t.eventId),
    uniqueIndex("webhook_deliveries_job_uq").on(t.jobId),
    index("webhook_deliveries_pending_idx").on(t.orgId, t.endpointId, t.status).where(sql`status = 'PENDING'`),
  ],
);
