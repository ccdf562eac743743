import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { integrationKeys, organizations, users } from "./identity.js";

const orgId = () =>
  bigint("org_id", { mode: "number" })
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/**
 * The timeline: one row per entry of a lead's or contact's history, stored once (SIG-15, TL-1..7).
 * side: SIGNAL | FOLLOW_UP | MILESTONE. recordType: lead | contact.
 * A MILESTONE row mirrors a field_value_history row of a lead or contact (written in the same
 * transaction): channel null, event = the picklist field, details = { field, oldValue, newValue }.
 * Both indexes lead with org and record, so a page of one record's history reads about a page
 * of rows whatever the history's length (TL-12); the second serves the side views (TL-11).
 *
 * RESP-1: on a SIGNAL row, followUpId/followUpAt are the first FOLLOW_UP of the same record after
 * it in timeline order (occurred_at, id), or null while nobody followed it up; openOwnerId is the
 * record's owner while nobody followed it up, null otherwise (and on other sides). They are kept in
 * the transactions that store a signal or a follow-up or reassign the record (timeline.repo's
 * link* and reassignOpenSignals), under a per-record advisory lock. The partial indexes on
 * open_owner_id hold only the open signals: the unanswered list (RESP-2) walks them newest first,
 * for the org, for one owner or for each source asked for, and a reassignment finds a record's
 * open signals with them.
 */
export const interactions = pgTable(
  "interactions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    side: text("side").notNull(),
    channel: text("channel"),
    source: text("source"),
    event: text("event").notNull(),
    status: text("status"),
    actorUserId: bigint("actor_user_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    integrationKeyId: bigint("integration_key_id", { mode: "number" }).references(() => integrationKeys.id, { onDelete: "set null" }),
    occurredAt: ts("occurred_at").notNull(),
    summary: text("summary"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    reaction: jsonb("reaction").$type<Record<string, number>>(),
    followUpId: bigint("follow_up_id", { mode: "number" }),
    followUpAt: ts("follow_up_at"),
    openOwnerId: bigint("open_owner_id", { mode: "number" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    /**
     * The entry's place in its record's live stream (TL-15): 1, 2, 3… per record, assigned on
     * insert from timeline_counters by the trigger of migration 0005 when left 0. The counter row
     * stays locked until commit, so a record's seqs commit in order and a reader resuming at
     * seq > cursor never passes over one committed late (DESIGN trap 8). Bulk loads may set it
     * themselves, and then set the counter.
     */
    streamSeq: bigint("stream_seq", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    index("interactions_record_keyset_idx").on(t.orgId, t.recordType, t.recordId, t.occurredAt.desc(), t.id.desc()),
    index("interactions_record_side_idx").on(t.orgId, t.recordType, t.recordId, t.side, t.occurredAt.desc(), t.id.desc()),
    uniqueIndex("interactions_record_stream_idx").on(t.orgId, t.recordType, t.recordId, t.streamSeq),
    index("interactions_unanswered_idx").on(t.orgId, t.occurredAt.desc(), t.id.desc()).where(sql`${t.openOwnerId} is not null`),
    index("interactions_unanswered_owner_idx")
      .on(t.orgId, t.openOwnerId, t.occurredAt.desc(), t.id.desc())
      .where(sql`${t.openOwnerId} is not null`),
    index("interactions_unanswered_source_idx")
      .on(t.orgId, t.source, t.occurredAt.desc(), t.id.desc())
      .where(sql`${t.openOwnerId} is not null`),
    index("interactions_unanswered_record_idx").on(t.orgId, t.recordType, t.recordId).where(sql`${t.openOwnerId} is not null`),
    index("interactions_org_signals_idx").on(t.orgId, t.occurredAt).where(sql`${t.side} = 'SIGNAL'`),
  ],
);

/** The last stream seq given out per lead or contact: the live stream's cursor source (TL-15). */
export const timelineCounters = pgTable(
  "timeline_counters",
  {
    orgId: orgId(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.recordType, t.recordId] })],
);

/**
 * One row per recipient of a signal (SIG-15). seq increases per recipient and is assigned under
 * a lock on the recipient's counter, so a later seq never commits before an earlier one (the
 * subscription cursor, SIG-21).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    recipientId: bigint("recipient_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    interactionId: bigint("interaction_id", { mode: "number" })
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    source: text("source").notNull(),
    event: text("event").notNull(),
    summary: text("summary").notNull(),
    occurredAt: ts("occurred_at").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    readAt: ts("read_at"),
  },
  (t) => [
    uniqueIndex("notifications_recipient_seq_uq").on(t.recipientId, t.seq),
    index("notifications_org_recipient_seq_idx").on(t.orgId, t.recipientId, t.seq.desc()),
    index("notifications_unread_idx").on(t.orgId, t.recipientId).where(sql`${t.readAt} is null`),
    index("notifications_record_idx").on(t.orgId, t.recordType, t.recordId),
  ],
);

/** The last seq handed out per recipient; its row lock orders concurrent deliveries. */
export const notificationCounters = pgTable("notification_counters", {
  userId: bigint("user_id", { mode: "number" })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  orgId: orgId(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
});

/**
 * SIG-13, TL-5: the first result of each caller-supplied key. scope: "" for signals (an org's
 * integrations share them); "follow-up:u<user id>" or "follow-up:k<key id>" for follow-ups, so a
 * key only ever answers the caller who used it.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    orgId: orgId(),
    scope: text("scope").notNull().default(""),
    key: text("key").notNull(),
    interactionId: bigint("interaction_id", { mode: "number" }).references(() => interactions.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.scope, t.key] })],
);

/** SIG-16: users who receive a record's signals besides its owner. */
export const recordWatchers = pgTable(
  "record_watchers",
  {
    orgId: orgId(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.recordType, t.recordId, t.userId] }),
    index("record_watchers_user_idx").on(t.orgId, t.userId),
  ],
);

/** SIG-17: per-user master switch and the sources switched off. No row: everything on. */
export const signalSettings = pgTable("signal_settings", {
  userId: bigint("user_id", { mode: "number" })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  orgId: orgId(),
  enabled: boolean("enabled").notNull().default(true),
  disabledSources: text("disabled_sources").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Social network handles of leads and contacts, for resolving signals (SIG-11, SIG-12). */
export const socialProfiles = pgTable(
  "social_profiles",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    recordType: text("record_type"),
    recordId: bigint("record_id", { mode: "number" }),
    network: text("network").notNull(),
    handle: text("handle").notNull(),
    displayName: text("display_name"),
    followers: integer("followers"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("social_profiles_handle_uq").on(t.orgId, t.network, sql`lower(${t.handle})`),
    index("social_profiles_record_idx").on(t.orgId, t.recordType, t.recordId),
  ],
);
