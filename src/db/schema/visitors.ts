import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { integrationKeys, organizations, users } from "./identity.js";
import { attachments } from "./records.js";

const orgId = () =>
  bigint("org_id", { mode: "number" })
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/**
 * VIS-1..6, VIS-15: an org's link with the website's tracking and chat service. `key` is the
 * integration key (an integration_keys row, `keyId`) the admin generated, kept as is so a CRM
 * admin can view it again (VIS-1); pushes are accepted only with that key while the link is
 * made (`linkedAdminId`) and enabled. `settings`: the VisitorSettings of visitors.settings.ts.
 */
export const visitorIntegrations = pgTable("visitor_integrations", {
  orgId: orgId().primaryKey(),
  keyId: bigint("key_id", { mode: "number" }).references(() => integrationKeys.id, { onDelete: "set null" }),
  key: text("key"),
  linkedAdminId: bigint("linked_admin_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
  enabled: boolean("enabled").notNull().default(false),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * VIS-7: one visit of a website visitor. recordType/recordId: the lead or contact it was matched
 * to (by email or phone, or by a web form, VIS-10), null for an unknown visitor; unlinked, not
 * deleted, with a deleted record (CORE-14). visitorType and revenue are the CRM's view of the
 * visitor at the time of the visit, kept as they were. visitDay is the visit's date in the org's
 * time zone at ingestion, so the TODAY views read one index range.
 *
 * The list views (VIS-9), each one index walked in order: ALL (started_at desc), TODAY (visit_day,
 * started_at desc), TOP (time spent desc, pages viewed desc), TODAY_TOP (visit_day, then TOP's
 * order), LEADS/CONTACTS (record_type, started_at desc), one record's (record, started_at desc).
 */
export const visits = pgTable(
  "visits",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    idempotencyKey: text("idempotency_key").notNull(),
    visitorId: text("visitor_id").notNull(),
    recordType: text("record_type"),
    recordId: bigint("record_id", { mode: "number" }),
    startedAt: ts("started_at").notNull(),
    visitDay: date("visit_day", { mode: "string" }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    browser: text("browser"),
    os: text("os"),
    pageUrl: text("page_url"),
    pageTitle: text("page_title"),
    referrer: text("referrer"),
    searchEngine: text("search_engine"),
    searchKeyword: text("search_keyword"),
    city: text("city"),
    state: text("state"),
    country: text("country"),
    timeSpentSeconds: integer("time_spent_seconds").notNull().default(0),
    pagesViewed: integer("pages_viewed").notNull().default(1),
    campaign: jsonb("campaign").$type<Record<string, string>>(),
    visitor: jsonb("visitor").$type<{ email?: string; name?: string; phone?: string }>(),
    attendedById: bigint("attended_by_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    attendedByEmail: text("attended_by_email"),
    visitorType: text("visitor_type").notNull(),
    revenue: numeric("revenue", { precision: 16, scale: 2 }).notNull().default("0"),
    integrationKeyId: bigint("integration_key_id", { mode: "number" }).references(() => integrationKeys.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("visits_idempotency_uq").on(t.orgId, t.idempotencyKey),
    index("visits_all_idx").on(t.orgId, t.startedAt.desc(), t.id.desc()),
    index("visits_today_idx").on(t.orgId, t.visitDay, t.startedAt.desc(), t.id.desc()),
    index("visits_top_idx").on(t.orgId, t.timeSpentSeconds.desc(), t.pagesViewed.desc(), t.id.desc()),
    index("visits_today_top_idx").on(t.orgId, t.visitDay, t.timeSpentSeconds.desc(), t.pagesViewed.desc(), t.id.desc()),
    index("visits_kind_idx").on(t.orgId, t.recordType, t.startedAt.desc(), t.id.desc()).where(sql`${t.recordType} is not null`),
    index("visits_record_idx").on(t.orgId, t.recordType, t.recordId, t.startedAt.desc(), t.id.desc()).where(sql`${t.recordId} is not null`),
    index("visits_visitor_idx").on(t.orgId, t.visitorId, t.startedAt.desc()),
  ],
);

/** VIS-8: what the visitor did during a visit, in order. */
export const visitActions = pgTable(
  "visit_actions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    visitId: bigint("visit_id", { mode: "number" })
      .notNull()
      .references(() => visits.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    title: text("title").notNull(),
    at: ts("at").notNull(),
    timeSpentSeconds: integer("time_spent_seconds"),
  },
  (t) => [index("visit_actions_visit_idx").on(t.visitId, t.at, t.id)],
);

/**
 * VIS-11..13: a chat with a website visitor, with its messages as pushed. transcriptId: the PDF
 * attachment on the record (VIS-12). Unlinked, not deleted, with a deleted record.
 */
export const chats = pgTable(
  "chats",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    idempotencyKey: text("idempotency_key").notNull(),
    visitorId: text("visitor_id").notNull(),
    visitId: bigint("visit_id", { mode: "number" }).references(() => visits.id, { onDelete: "set null" }),
    recordType: text("record_type"),
    recordId: bigint("record_id", { mode: "number" }),
    attended: boolean("attended").notNull(),
    operatorId: bigint("operator_id", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    operatorEmail: text("operator_email"),
    subject: text("subject"),
    question: text("question"),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
    visitor: jsonb("visitor").$type<{ email?: string; name?: string; phone?: string }>(),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    messages: jsonb("messages").$type<{ from: string; name?: string | null; text: string; at: string }[]>().notNull().default([]),
    /** VIS-6: how an unattended visitor added by this chat is shown (TRACKED or UNATTENDED); null otherwise. */
    shownAs: text("shown_as"),
    transcriptId: bigint("transcript_id", { mode: "number" }).references(() => attachments.id, { onDelete: "set null" }),
    integrationKeyId: bigint("integration_key_id", { mode: "number" }).references(() => integrationKeys.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("chats_idempotency_uq").on(t.orgId, t.idempotencyKey),
    index("chats_record_idx").on(t.orgId, t.recordType, t.recordId, t.startedAt.desc(), t.id.desc()).where(sql`${t.recordId} is not null`),
    index("chats_visitor_idx").on(t.orgId, t.visitorId),
  ],
);

/** VIS-16..18: assignment, prioritisation and trigger rules on CRM data. */
export const visitorRules = pgTable(
  "visitor_rules",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    match: text("match").notNull(),
    conditions: jsonb("conditions").$type<{ subject: string; field?: string | null; operator: string; value: unknown; type?: string }[]>().notNull(),
    operatorIds: bigint("operator_ids", { mode: "number" }).array().notNull().default(sql`'{}'::bigint[]`),
    priority: integer("priority"),
    trigger: jsonb("trigger").$type<{ on: string; action: string; message?: string | null; delaySeconds: number }>(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("visitor_rules_org_kind_idx").on(t.orgId, t.kind, t.id)],
);
