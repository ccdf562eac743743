import { sql } from "drizzle-orm";
import { bigint, customType, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity.js";
import { socialProfiles } from "./signals.js";

const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
const orgId = () =>
  bigint("org_id", { mode: "number" })
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const userRef = (name: string) => bigint(name, { mode: "number" }).references(() => users.id, { onDelete: "set null" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * SOC-1: the org's accounts on the networks, connected by an admin. Disconnecting keeps the row
 * (its posts keep their account) with disconnected_at set; one connected account per handle.
 */
export const socialAccounts = pgTable(
  "social_accounts",
  {
    id: id(),
    orgId: orgId(),
    network: text("network").notNull(),
    handle: text("handle").notNull(),
    displayName: text("display_name"),
    connectedBy: userRef("connected_by"),
    connectedAt: ts("connected_at").notNull().defaultNow(),
    disconnectedAt: ts("disconnected_at"),
  },
  (t) => [
    uniqueIndex("social_accounts_handle_uq").on(t.orgId, t.network, sql`lower(${t.handle})`).where(sql`${t.disconnectedAt} is null`),
  ],
);

/** POST /uploads: raw bytes owned by the uploader, deleted when unused past expires_at (SOC-6). */
export const uploads = pgTable(
  "uploads",
  {
    id: id(),
    orgId: orgId(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    contentType: text("content_type").notNull(),
    fileName: text("file_name").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [index("uploads_expiry_idx").on(t.expiresAt).where(sql`${t.usedAt} is null`)],
);

/** SOC-6: one compose action of a user, published to one or more accounts (a post each). */
export const socialPublications = pgTable("social_publications", {
  id: id(),
  orgId: orgId(),
  userId: userRef("user_id"),
  text: text("text").notNull(),
  imageUploadId: bigint("image_upload_id", { mode: "number" }).references(() => uploads.id, { onDelete: "set null" }),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/**
 * SOC-2: posts seen on the org's accounts (ingested) or published from the tab (publication_id,
 * published_by set). The CRM class of a post is NOT stored: it is its author's, read through
 * social_profiles → the linked lead/contact at query time (SOC-3). network is the account's,
 * copied because it never changes. Idempotent by (org, idempotency_key) and (account, external_id).
 * The GIN index serves keyword columns (SOC-8) with full-text search.
 */
export const socialPosts = pgTable(
  "social_posts",
  {
    id: id(),
    orgId: orgId(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => socialAccounts.id, { onDelete: "cascade" }),
    network: text("network").notNull(),
    externalId: text("external_id").notNull(),
    idempotencyKey: text("idempotency_key"),
    kind: text("kind").notNull(),
    authorProfileId: bigint("author_profile_id", { mode: "number" })
      .notNull()
      .references(() => socialProfiles.id, { onDelete: "cascade" }),
    text: text("text"),
    postedAt: ts("posted_at").notNull(),
    url: text("url"),
    publicationId: bigint("publication_id", { mode: "number" }).references(() => socialPublications.id, { onDelete: "set null" }),
    publishedBy: userRef("published_by"),
    inReplyToId: bigint("in_reply_to_id", { mode: "number" }),
    integrationKeyId: bigint("integration_key_id", { mode: "number" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("social_posts_external_uq").on(t.accountId, t.externalId),
    uniqueIndex("social_posts_key_uq").on(t.orgId, t.idempotencyKey),
    index("social_posts_org_time_idx").on(t.orgId, t.postedAt.desc(), t.id.desc()),
    index("social_posts_author_time_idx").on(t.orgId, t.authorProfileId, t.postedAt.desc(), t.id.desc()),
    index("social_posts_published_idx").on(t.orgId, t.publishedBy, t.postedAt.desc(), t.id.desc()).where(sql`${t.publishedBy} is not null`),
    index("social_posts_text_fts_idx").using("gin", sql`to_tsvector('simple', coalesce(${t.text}, ''))`),
  ],
);

/** SOC-8..10: a user's saved columns. keywords for KEYWORDS columns; followed people in social_column_people. */
export const socialColumns = pgTable(
  "social_columns",
  {
    id: id(),
    orgId: orgId(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    keywords: text("keywords").array().notNull().default(sql`'{}'::text[]`),
    networks: text("networks").array(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("social_columns_user_idx").on(t.userId, t.id)],
);

/** SOC-9: the leads and contacts a PEOPLE column follows; they hang off the record (moved on conversion, deleted with it). */
export const socialColumnPeople = pgTable(
  "social_column_people",
  {
    columnId: bigint("column_id", { mode: "number" })
      .notNull()
      .references(() => socialColumns.id, { onDelete: "cascade" }),
    orgId: orgId(),
    recordType: text("record_type").notNull(),
    recordId: bigint("record_id", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.columnId, t.recordType, t.recordId] }), index("social_column_people_record_idx").on(t.orgId, t.recordType, t.recordId)],
);

/** SOC-13: each user's own actions in the social tab. */
export const socialActivity = pgTable(
  "social_activity",
  {
    id: id(),
    orgId: orgId(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    summary: text("summary").notNull(),
    postId: bigint("post_id", { mode: "number" }).references(() => socialPosts.id, { onDelete: "set null" }),
    recordType: text("record_type"),
    recordId: bigint("record_id", { mode: "number" }),
    occurredAt: ts("occurred_at").notNull().defaultNow(),
  },
  (t) => [index("social_activity_user_idx").on(t.userId, t.id.desc()), index("social_activity_record_idx").on(t.orgId, t.recordType, t.recordId)],
);

/** SOC-5: the org's top 10 open deals by expected revenue, refreshed daily by a job; their contacts. */
export const socialTopDeals = pgTable("social_top_deals", {
  orgId: bigint("org_id", { mode: "number" })
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  dealIds: bigint("deal_ids", { mode: "number" }).array().notNull(),
  contactIds: bigint("contact_ids", { mode: "number" }).array().notNull(),
  computedAt: ts("computed_at").notNull(),
});
