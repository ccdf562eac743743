import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { organizations, users } from "./identity.js";

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const orgId = () =>
  bigint("org_id", { mode: "number" })
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const ownerId = () =>
  bigint("owner_id", { mode: "number" })
    .notNull()
    .references(() => users.id);
const userRef = (name: string) => bigint(name, { mode: "number" }).references(() => users.id, { onDelete: "set null" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow();
const customFields = () => jsonb("custom_fields").$type<Record<string, unknown>>().notNull().default({});
const amount = (name: string) => numeric(name, { precision: 18, scale: 2, mode: "number" });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Audit columns and the list indexes every record table has (CORE-15): keyset on (org, sort, id). */
const recordColumns = () => ({
  id: id(),
  orgId: orgId(),
  ownerId: ownerId(),
  customFields: customFields(),
  createdAt: ts("created_at"),
  updatedAt: ts("updated_at"),
  createdBy: userRef("created_by"),
  updatedBy: userRef("updated_by"),
});

export const leads = pgTable(
  "leads",
  {
    ...recordColumns(),
    firstName: text("first_name"),
    lastName: text("last_name").notNull(),
    company: text("company"),
    email: text("email"),
    phone: text("phone"),
    status: text("status"),
    source: text("source"),
    annualRevenue: amount("annual_revenue"),
    employees: integer("employees"),
  },
  (t) => [
    index("leads_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("leads_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    index("leads_org_name_idx").on(t.orgId, t.lastName, t.id),
    index("leads_org_owner_created_idx").on(t.orgId, t.ownerId, t.createdAt, t.id),
    index("leads_org_email_idx").on(t.orgId, sql`lower(${t.email})`),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    ...recordColumns(),
    name: text("name").notNull(),
    website: text("website"),
    phone: text("phone"),
  },
  (t) => [
    index("accounts_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("accounts_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    index("accounts_org_name_idx").on(t.orgId, t.name, t.id),
    index("accounts_org_owner_created_idx").on(t.orgId, t.ownerId, t.createdAt, t.id),
    index("accounts_org_lower_name_idx").on(t.orgId, sql`lower(${t.name})`),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    ...recordColumns(),
    firstName: text("first_name"),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    source: text("source"),
    accountId: bigint("account_id", { mode: "number" }).references(() => accounts.id, { onDelete: "set null" }),
  },
  (t) => [
    index("contacts_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("contacts_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    index("contacts_org_name_idx").on(t.orgId, t.lastName, t.id),
    index("contacts_org_owner_created_idx").on(t.orgId, t.ownerId, t.createdAt, t.id),
    index("contacts_org_account_idx").on(t.orgId, t.accountId),
    index("contacts_org_email_idx").on(t.orgId, sql`lower(${t.email})`),
  ],
);

export const deals = pgTable(
  "deals",
  {
    ...recordColumns(),
    name: text("name").notNull(),
    stage: text("stage").notNull(),
    amount: amount("amount"),
    expectedRevenue: amount("expected_revenue"),
    closingDate: date("closing_date", { mode: "string" }),
    contactId: bigint("contact_id", { mode: "number" }).references(() => contacts.id, { onDelete: "set null" }),
    accountId: bigint("account_id", { mode: "number" }).references(() => accounts.id, { onDelete: "set null" }),
  },
  (t) => [
    index("deals_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("deals_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    index("deals_org_name_idx").on(t.orgId, t.name, t.id),
    index("deals_org_owner_created_idx").on(t.orgId, t.ownerId, t.createdAt, t.id),
    index("deals_org_contact_idx").on(t.orgId, t.contactId, t.createdAt, t.id),
    index("deals_org_account_idx").on(t.orgId, t.accountId),
    index("deals_org_stage_idx").on(t.orgId, t.stage),
  ],
);

/** recordType: lead | contact | account | deal. Polymorphic links are kept in step by the services (CORE-14). */
export const tasks = pgTable(
  "tasks",
  {
    ...recordColumns(),
    subject: text("subject").notNull(),
    dueDate: date("due_date", { mode: "string" }),
    status: text("status").notNull(),
    priority: text("priority").notNull(),
    recordType: text("record_type"),
    recordId: bigint("record_id", { mode: "number" }),
  },
  (t) => [
    index("tasks_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("tasks_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    index("tasks_org_name_idx").on(t.orgId, t.subject, t.id),
    index("tasks_org_owner_created_idx").on(t.orgId, t.ownerId, t.createdAt, t.id),
    index("tasks_org_record_idx").on(t.orgId, t.recordType, t.recordId, t.createdAt, t.id),
  ],
);

export const notes = pgTable(
  "notes",
  {
    id: id(),
    orgId: orgId(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    title: text("title"),
    body: text("body").notNull(),
    createdBy: userRef("created_by"),
    createdAt: ts("created_at"),
    updatedAt: ts("updated_at"),
  },
  (t) => [index("notes_org_record_idx").on(t.orgId, t.recordType, t.recordId, t.createdAt, t.id)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: id(),
    orgId: orgId(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    createdBy: userRef("created_by"),
    createdAt: ts("created_at"),
  },
  (t) => [index("attachments_org_record_idx").on(t.orgId, t.recordType, t.recordId, t.createdAt, t.id)],
);
