import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { integrationKeys, organizations, users } from "./identity.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/**
 * The audit log (ADM-6): one row per admin action, written in the action's transaction by
 * `src/modules/shared/audit.ts`. Rows are only ever inserted: the API offers no way to change or
 * delete one. `actor_user_id` references users, whose rows are never deleted (soft delete).
 */
export const auditEntries = pgTable(
  "audit_entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: bigint("org_id", { mode: "number" })
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: bigint("actor_user_id", { mode: "number" }).references(() => users.id),
    actorIntegrationKeyId: bigint("actor_integration_key_id", { mode: "number" }).references(() => integrationKeys.id),
    /** Dotted lower case: `user.deactivated`, `picklist.value_added`. */
    action: text("action").notNull(),
    /** The global ID of what the action was done to, when it has one. */
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    index("audit_entries_org_id_idx").on(t.orgId, t.id),
    index("audit_entries_org_actor_idx").on(t.orgId, t.actorUserId, t.id),
    index("audit_entries_org_target_idx").on(t.orgId, t.targetId, t.id),
    index("audit_entries_org_action_idx").on(t.orgId, t.action, t.id),
  ],
);

/**
 * A user's data export (ADM-5): the file is streamed when downloaded, once, by the admin who asked
 * for it, before `expires_at`. `secret_hash` is a SHA-256 of the URL's secret part.
 */
export const userExports = pgTable(
  "user_exports",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: bigint("org_id", { mode: "number" })
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    requestedBy: bigint("requested_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    secretHash: text("secret_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    downloadedAt: ts("downloaded_at"),
  },
  (t) => [uniqueIndex("user_exports_secret_uq").on(t.secretHash)],
);
