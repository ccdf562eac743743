import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { qualified, type Db } from "../../db/client.js";
import { prepared } from "../../db/prepared.js";
import { apiTokens, integrationKeys, invitations, organizations, userAppRoles, users } from "../../db/schema/index.js";

export type OrganizationRow = typeof organizations.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function insertOrganization(db: Db, values: typeof organizations.$inferInsert): Promise<OrganizationRow> {
  const [row] = await db.insert(organizations).values(values).returning();
  return row!;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function insertAppRoles(db: Db, rows: (typeof userAppRoles.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(userAppRoles).values(rows);
}

export async function insertApiToken(db: Db, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function insertIntegrationKey(db: Db, values: typeof integrationKeys.$inferInsert) {
  const [row] = await db.insert(integrationKeys).values(values).returning();
  return row!;
}

export interface TokenOwnerRow {
  tokenId: number;
  orgId: number;
  userId: number;
  adminLevel: string;
  status: string;
  roles: { app: string; role: string }[] | null;
}

const tokenOwnerQuery = (db: Db) =>
  db
    .select({
      tokenId: apiTokens.id,
      orgId: apiTokens.orgId,
      userId: users.id,
      adminLevel: users.adminLevel,
      status: users.status,
      roles: sql<{ app: string; role: string }[] | null>`(
        select json_agg(json_build_object('app', r.app, 'role', r.role))
        from ${userAppRoles} r where r.org_id = ${users.orgId} and r.user_id = ${users.id})`,
    })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.orgId, apiTokens.orgId)))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")), isNull(apiTokens.revokedAt)))
    .limit(1)
    .prepare("find_token_owner");

/** The user behind a live token, with their app roles, in one statement (prepared: every request runs it). */
export async function findTokenOwner(db: Db, tokenHash: string): Promise<TokenOwnerRow | null> {
  const rows = await prepared(db, "find_token_owner", () => tokenOwnerQuery(db)).execute({ tokenHash });
  return rows[0] ?? null;
}

export async function findLiveIntegrationKey(db: Db, keyHash: string) {
  const [row] = await db
    .select({ keyId: integrationKeys.id, orgId: integrationKeys.orgId, signingSecret: integrationKeys.signingSecret })
    .from(integrationKeys)
    .where(and(eq(integrationKeys.keyHash, keyHash), isNull(integrationKeys.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function findOrganization(db: Db, orgId: number): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return row ?? null;
}

export function findUsersByIds(db: Db, orgId: number, ids: readonly number[]): Promise<UserRow[]> {
  return prepared(db, "find_users_by_ids", () =>
    db
      .select()
      .from(users)
      .where(and(eq(users.orgId, sql.placeholder("orgId")), sql`${users.id} = any(${sql.placeholder("ids")})`))
      .prepare("find_users_by_ids"),
  ).execute({ orgId, ids: [...ids] });
}

/** The org's users but the deleted ones. */
export async function countUsers(db: Db, orgId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.orgId, orgId), sql`${users.status} <> 'DELETED'`));
  return row?.n ?? 0;
}

export async function findActiveUser(db: Db, orgId: number, userId: number): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.status, "ACTIVE")));
  return row ?? null;
}

export async function listUserTokens(db: Db, orgId: number, userId: number) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId)))
    .orderBy(apiTokens.id);
}

export async function revokeApiToken(db: Db, orgId: number, userId: number, tokenId: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function revokeIntegrationKey(db: Db, orgId: number, keyId: number) {
  const [row] = await db
    .update(integrationKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(integrationKeys.orgId, orgId), eq(integrationKeys.id, keyId), isNull(integrationKeys.revokedAt)))
    .returning({ id: integrationKeys.id, name: integrationKeys.name, revokedAt: integrationKeys.revokedAt });
  return row ?? null;
}

export function findAppRoles(db: Db, orgId: number, userIds: readonly number[]) {
  return db
    .select()
    .from(userAppRoles)
    .where(and(eq(userAppRoles.orgId, orgId), inArray(userAppRoles.userId, [...userIds])))
    .orderBy(userAppRoles.app);
}

export function listUsers(db: Db, orgId: number, afterId: number | null, limit: number) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), sql`${users.status} <> 'DELETED'`, afterId === null ? undefined : sql`${users.id} > ${afterId}`))
    .orderBy(users.id)
    .limit(limit + 1);
}

/** Whether a token is still unrevoked and its user active: re-checked before each pushed event (prepared). */
export async function isTokenLive(db: Db, tokenId: number, orgId: number): Promise<boolean> {
  const rows = await prepared(db, "is_token_live", () =>
    db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.orgId, apiTokens.orgId)))
      .where(
        and(
          eq(apiTokens.id, sql.placeholder("tokenId")),
          eq(apiTokens.orgId, sql.placeholder("orgId")),
          isNull(apiTokens.revokedAt),
          eq(users.status, "ACTIVE"),
        ),
      )
      .prepare("is_token_live"),
  ).execute({ tokenId, orgId });
  return rows.length > 0;
}

/** The org row, locked until the transaction ends: serialises user-count checks and admin changes (ADM-4). */
export async function lockOrganization(db: Db, orgId: number): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId)).for("update");
  return row ?? null;
}

/** Users who count against the trial limit: active and invited (ADM-4). */
export async function countSeatedUsers(db: Db, orgId: number): Promise<{ active: number; invited: number }> {
  const [row] = await db
    .select({
      active: sql<number>`count(*) filter (where ${users.status} = 'ACTIVE')::int`,
      invited: sql<number>`count(*) filter (where ${users.status} = 'INVITED')::int`,
    })
    .from(users)
    .where(eq(users.orgId, orgId));
  return { active: row?.active ?? 0, invited: row?.invited ?? 0 };
}

export async function updateOrganization(
  db: Db,
  orgId: number,
  values: Partial<Pick<OrganizationRow, "name" | "timeZone" | "portalUrl" | "plan" | "trial">>,
): Promise<OrganizationRow> {
  const [row] = await db.update(organizations).set(values).where(eq(organizations.id, orgId)).returning();
  return row!;
}

/** A user of the org, any status but DELETED, locked for the transaction. */
export async function lockUser(db: Db, orgId: number, userId: number): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId), sql`${users.status} <> 'DELETED'`))
    .for("update");
  return row ?? null;
}

export async function updateUser(
  db: Db,
  orgId: number,
  userId: number,
  values: Partial<Pick<UserRow, "name" | "email" | "status" | "adminLevel">>,
): Promise<UserRow> {
  const [row] = await db.update(users).set(values).where(and(eq(users.orgId, orgId), eq(users.id, userId))).returning();
  return row!;
}

export async function replaceAppRoles(db: Db, orgId: number, userId: number, rows: { app: string; role: string }[]) {
  await db.delete(userAppRoles).where(and(eq(userAppRoles.orgId, orgId), eq(userAppRoles.userId, userId)));
  await insertAppRoles(db, rows.map((r) => ({ orgId, userId, ...r })));
}

/** Revokes every live token of a user (deletion): they stop working at once. */
export async function revokeUserTokens(db: Db, orgId: number, userId: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

export async function insertInvitation(db: Db, values: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(values).returning();
  return row!;
}

/** Revokes a user's pending invitations; returns how many there were. */
export async function revokeInvitations(db: Db, orgId: number, userId: number): Promise<number> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(invitations.orgId, orgId), eq(invitations.userId, userId), isNull(invitations.revokedAt), isNull(invitations.acceptedAt)),
    )
    .returning({ id: invitations.id });
  return rows.length;
}

/** Marks a live, unexpired invitation accepted and returns it; null when there is none (one use). */
export async function acceptInvitation(db: Db, tokenHash: string) {
  const [row] = await db
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.revokedAt),
        isNull(invitations.acceptedAt),
        sql`${invitations.expiresAt} > now()`,
      ),
    )
    .returning();
  return row ?? null;
}

/** The account admin of an org (there is exactly one). */
export async function findAccountAdmin(db: Db, orgId: number): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.adminLevel, "ACCOUNT_ADMIN")));
  return row ?? null;
}

/** The active users of the org with these emails (case-insensitive), with their app roles. */
export function findActiveUsersByEmails(db: Db, orgId: number, emails: readonly string[]) {
  return db
    .select({
      id: users.id,
      email: users.email,
      adminLevel: users.adminLevel,
      crmRole: sql<string | null>`(select ${userAppRoles.role} from ${userAppRoles} where ${userAppRoles.userId} = ${users.id} and ${userAppRoles.app} = 'CRM')`,
    })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.status, "ACTIVE"), inArray(sql`lower(${users.email})`, emails.map((e) => e.toLowerCase()))));
}

/** A user row as JSON (`userJson`), its timestamps as text. */
export type UserJson = Omit<UserRow, "createdAt"> & { createdAt: string };

/**
 * SQL: the user `userId` (a column of an outer query) of the org `orgId`, as one JSON object read
 * with the outer row, or null: a page whose items name users reads them in its own statement.
 */
export function userJson(orgId: AnyPgColumn, userId: AnyPgColumn): SQL<UserJson | null> {
  return sql<UserJson | null>`(select json_build_object(
    'id', u.id, 'orgId', u.org_id, 'name', u.name, 'email', u.email, 'status', u.status, 'adminLevel', u.admin_level, 'createdAt', u.created_at)
    from ${users} u where u.org_id = ${qualified(orgId)} and u.id = ${qualified(userId)})`;
}
