import { sql } from "drizzle-orm";
import { bigint, boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const orgId = () => bigint("org_id", { mode: "number" }).notNull();
const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow();

export const organizations = pgTable("organizations", {
  id: id(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
  trial: boolean("trial").notNull().default(false),
  /** TRIAL while `trial`; a paid plan otherwise (a stand-in without payments). */
  plan: text("plan").notNull().default("STANDARD"),
  /** The org's portal address, changed by the account admin (ADM-3). */
  portalUrl: text("portal_url"),
  createdAt: createdAt(),
});

/**
 * status: ACTIVE | INACTIVE | INVITED | DELETED. A deleted user's row stays (soft delete) so that
 * the history naming them (timeline entries, audit entries, created/updated by) keeps naming them;
 * their email is free again. adminLevel: ACCOUNT_ADMIN | SUITE_ADMIN | NONE (ADM-2). */
export const users = pgTable(
  "users",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    status: text("status").notNull().default("ACTIVE"),
    adminLevel: text("admin_level").notNull().default("NONE"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_org_email_uq").on(t.orgId, sql`lower(${t.email})`).where(sql`${t.status} <> 'DELETED'`)],
);

/** One role per app a user may reach (CORE-2, ADM-1). */
export const userAppRoles = pgTable(
  "user_app_roles",
  {
    orgId: orgId(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    app: text("app").notNull(),
    role: text("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.app] }), index("user_app_roles_org_idx").on(t.orgId, t.userId)],
);

/** Personal API tokens: only a SHA-256 of the token is stored (CORE-3). */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    orgId: orgId(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date", precision: 3 }),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash), index("api_tokens_org_user_idx").on(t.orgId, t.userId)],
);

/** Org-level keys for integrations that push events (CORE-3). */
export const integrationKeys = pgTable(
  "integration_keys",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    /** The webhook signing secret, when the key requires signed pushes. Kept as is: HMAC needs it. */
    signingSecret: text("signing_secret"),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date", precision: 3 }),
  },
  (t) => [uniqueIndex("integration_keys_hash_uq").on(t.keyHash), index("integration_keys_org_idx").on(t.orgId)],
);

/**
 * Invitations of INVITED users (CORE-2): only a SHA-256 of the token is stored. A re-invite revokes
 * the live one and issues another; accepting one activates the user.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    orgId: orgId().references(() => organizations.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date", precision: 3 }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date", precision: 3 }),
  },
  (t) => [uniqueIndex("invitations_hash_uq").on(t.tokenHash), index("invitations_org_user_idx").on(t.orgId, t.userId)],
);
