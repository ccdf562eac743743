import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity.js";

const orgId = () =>
  bigint("org_id", { mode: "number" })
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/**
 * A picklist field of a module (built in like leads.status, or a custom PICKLIST field).
 * historyEnabledAt: value history is recorded from this moment on (CORE-12); null when off.
 */
export const picklistFields = pgTable(
  "picklist_fields",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    module: text("module").notNull(),
    field: text("field").notNull(),
    historyEnabledAt: timestamp("history_enabled_at", { withTimezone: true, mode: "date", precision: 3 }),
  },
  (t) => [uniqueIndex("picklist_fields_uq").on(t.orgId, t.module, t.field)],
);

export const picklistValues = pgTable(
  "picklist_values",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    module: text("module").notNull(),
    field: text("field").notNull(),
    value: text("value").notNull(),
    position: integer("position").notNull(),
    /** Reserved values (CLOSED_WON, CLOSED_LOST) cannot be removed or renamed. */
    reserved: boolean("reserved").notNull().default(false),
  },
  (t) => [uniqueIndex("picklist_values_uq").on(t.orgId, t.module, t.field, t.value)],
);

/** type: TEXT | NUMBER | DATE | PICKLIST | BOOLEAN (CORE-11). */
export const customFieldDefinitions = pgTable(
  "custom_field_definitions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    module: text("module").notNull(),
    name: text("name").notNull(),
    label: text("label").notNull(),
    type: text("type").notNull(),
    required: boolean("required").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("custom_field_definitions_uq").on(t.orgId, t.module, t.name)],
);

/** One row per change of a picklist value while history is enabled for its field (CORE-12). */
export const fieldValueHistory = pgTable(
  "field_value_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
    field: text("field").notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
    changedBy: bigint("changed_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    details: jsonb("details"),
  },
  (t) => [index("field_value_history_record_idx").on(t.orgId, t.recordType, t.recordId, t.changedAt, t.id)],
);
