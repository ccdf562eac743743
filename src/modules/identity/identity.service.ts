import type { Db } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { RequestContext } from "../shared/context.js";
import { orgCreated } from "./org-lifecycle.js";
import { AppError, badInput, conflict, forbidden, limitExceeded, notFound, unauthenticated } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { parsePage, toConnection } from "../shared/connection.js";
import { auditBy, writeAudit } from "../shared/audit.js";
import { Operation, authorize } from "./operations.js";
import {
  AdminLevel,
  App,
  AppRole,
  requireCrmAdmin,
  requireViewer,
  type Integration,
  type Viewer,
} from "../shared/viewer.js";
import type { CreateOrganizationInput, CreateUserInput } from "./identity.input.js";
import * as repo from "./identity.repo.js";
import type { Organization } from "./identity.type.js";
import { SubscriptionPlan, User, UserStatus } from "./identity.type.js";
import {
  INTEGRATION_KEY_PREFIX,
  INVITATION_PREFIX,
  SIGNING_SECRET_PREFIX,
  USER_TOKEN_PREFIX,
  generateSecret,
  hashSecret,
  secretsEqual,
} from "./secret.js";

export const TRIAL_USER_LIMIT = 10;

/** For other modules' repos: a user read as JSON with their own rows (`userFromJson` maps it). */
export { userJson, type UserJson } from "./identity.repo.js";

/** A user read as JSON with another row (`userJson`). */
export const userFromJson = (json: repo.UserJson): User => toUser({ ...json, createdAt: new Date(json.createdAt) });

/** A user row as the API's User: an instance of the type-graphql class, which field resolvers take as it is. */
export const toUser = (row: repo.UserRow): User =>
  Object.assign(new User(), {
    __typename: "User" as const,
    id: encodeGlobalId("User", row.id),
    dbId: row.id,
    orgId: row.orgId,
    name: row.name,
    email: row.email,
    status: row.status as UserStatus,
    adminLevel: row.adminLevel as AdminLevel,
    createdAt: row.createdAt,
  });

export const toOrganization = (row: repo.OrganizationRow): Organization => ({
  __typename: "Organization",
  id: encodeGlobalId("Organization", row.id),
  dbId: row.id,
  name: row.name,
  timeZone: row.timeZone,
  trial: row.trial,
  plan: row.plan as SubscriptionPlan,
  portalUrl: row.portalUrl,
  createdAt: row.createdAt,
});

export type Authentication = { viewer: Viewer; integration: null } | { viewer: null; integration: Integration };

/**
 * Resolves `Authorization: Bearer <secret>` to a user or an integration. No header: null.
 * A header that names no live token of an active user is UNAUTHENTICATED.
 */
export async function authenticate(
  deps: Pick<RequestContext, "db" | "authCache">,
  authorization: string | null | undefined,
): Promise<Authentication | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated("The Authorization header must be `Bearer <token>`");
  const secret = match[1]!;
  if (secret.startsWith(INTEGRATION_KEY_PREFIX)) {
    const hash = hashSecret(secret);
    const key = await deps.authCache.get(
      hash,
      async () => {
        const row = await repo.findLiveIntegrationKey(deps.db, hash);
        return row && Object.freeze(row);
      },
      (k) => k?.orgId ?? null,
    );
    if (!key) throw unauthenticated("Unknown or revoked integration key");
    return { viewer: null, integration: key };
  }
  if (!secret.startsWith(USER_TOKEN_PREFIX)) throw unauthenticated("Unknown or revoked API token");
  const hash = hashSecret(secret);
  // Only live tokens of active users are kept: every other answer is read again next time.
  const viewer = await deps.authCache.get(hash, () => tokenViewer(deps.db, hash), (v) => (v && "orgId" in v ? v.orgId : null));
  if (!viewer) throw unauthenticated("Unknown or revoked API token");
  if (!("orgId" in viewer)) throw unauthenticated("This user is not active");
  return { integration: null, viewer };
}

async function tokenViewer(db: Db, tokenHash: string): Promise<Viewer | { inactive: true } | null> {
  const owner = await repo.findTokenOwner(db, tokenHash);
  if (!owner) return null;
  if (owner.status !== UserStatus.ACTIVE) return { inactive: true };
  const apps: Viewer["apps"] = {};
  for (const { app, role } of owner.roles ?? []) apps[app as App] = role as AppRole;
  // Frozen: the cache hands the same object to every request of this token.
  return Object.freeze({ orgId: owner.orgId, userId: owner.userId, tokenId: owner.tokenId, adminLevel: owner.adminLevel as AdminLevel, apps: Object.freeze(apps) });
}

function assertTimeZone(timeZone: string, field: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw badInput(field, `"${timeZone}" is not an IANA time zone`);
  }
}

async function issueToken(db: Db, user: repo.UserRow, name: string) {
  const token = generateSecret(USER_TOKEN_PREFIX);
  const row = await repo.insertApiToken(db, { orgId: user.orgId, userId: user.id, name, tokenHash: hashSecret(token) });
  return { token, row };
}

/** Bootstrap: a new org with its account admin, who gets every app as ADMIN (CORE-2). */
export async function createOrganization(ctx: RequestContext, input: CreateOrganizationInput) {
  if (!ctx.bootstrapSecret) throw forbidden("Bootstrap is disabled: set BOOTSTRAP_SECRET to enable it");
  if (!ctx.bootstrapSecretHeader || !secretsEqual(ctx.bootstrapSecretHeader, ctx.bootstrapSecret)) {
    throw forbidden("The X-Bootstrap-Secret header is missing or wrong");
  }
  assertTimeZone(input.timeZone, "input.timeZone");
  return ctx.db.transaction(async (tx) => {
    const org = await repo.insertOrganization(tx, {
      name: input.name.trim(),
      timeZone: input.timeZone,
      trial: input.trial,
      plan: input.trial ? SubscriptionPlan.TRIAL : SubscriptionPlan.STANDARD,
    });
    const admin = await repo.insertUser(tx, {
      orgId: org.id,
      name: input.admin.name.trim(),
      email: input.admin.email.trim(),
      status: UserStatus.ACTIVE,
      adminLevel: AdminLevel.ACCOUNT_ADMIN,
    });
    await repo.insertAppRoles(
      tx,
      Object.values(App).map((app) => ({ orgId: org.id, userId: admin.id, app, role: AppRole.ADMIN })),
    );
    await orgCreated(tx, org.id);
    const { token } = await issueToken(tx, admin, "bootstrap");
    const organization = toOrganization(org);
    await writeAudit(tx, {
      orgId: org.id,
      actor: { userId: admin.id },
      requestId: ctx.requestId,
      action: "organization.created",
      targetId: organization.id,
      before: null,
      after: { name: org.name, timeZone: org.timeZone, plan: org.plan, accountAdmin: userSnapshot(admin) },
    });
    return { organization, admin: toUser(admin), token };
  });
}

/** How long an invitation token may be accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** A fresh invitation token for an INVITED user; the previous ones are revoked (CORE-2). */
export async function issueInvitation(tx: Db, user: repo.UserRow): Promise<string> {
  await repo.revokeInvitations(tx, user.orgId, user.id);
  const token = generateSecret(INVITATION_PREFIX);
  await repo.insertInvitation(tx, {
    orgId: user.orgId,
    userId: user.id,
    tokenHash: hashSecret(token),
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  });
  return token;
}

/**
 * ADM-4: a trial org holds at most TRIAL_USER_LIMIT active and invited users. Locks the org row
 * until the transaction ends, so concurrent additions are counted one after another.
 */
export async function assertSeatAvailable(tx: Db, orgId: number): Promise<void> {
  const org = await repo.lockOrganization(tx, orgId);
  if (!org?.trial) return;
  const { active, invited } = await repo.countSeatedUsers(tx, orgId);
  if (active + invited >= TRIAL_USER_LIMIT) {
    throw limitExceeded(
      `Trial organisations may have at most ${TRIAL_USER_LIMIT} active and invited users; change the subscription to add more`,
    );
  }
}

/** The audited view of a user: never a secret. */
export const userSnapshot = (row: repo.UserRow) => ({ name: row.name, email: row.email, status: row.status, adminLevel: row.adminLevel });

export async function createUser(ctx: RequestContext, input: CreateUserInput) {
  const viewer = authorize(ctx.viewer, Operation.ADD_USER);
  const apps = input.apps ?? [{ app: App.CRM, role: AppRole.USER }];
  const seen = new Set<App>();
  apps.forEach(({ app }, i) => {
    if (seen.has(app)) throw badInput(`input.apps.${i}.app`, `${app} is listed twice`);
    seen.add(app);
  });
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertSeatAvailable(tx, viewer.orgId);
      const user = await repo.insertUser(tx, {
        orgId: viewer.orgId,
        name: input.name.trim(),
        email: input.email.trim(),
        status: input.invite ? UserStatus.INVITED : UserStatus.ACTIVE,
        adminLevel: AdminLevel.NONE,
      });
      await repo.insertAppRoles(
        tx,
        apps.map(({ app, role }) => ({ orgId: viewer.orgId, userId: user.id, app, role })),
      );
      const token = input.invite ? await issueInvitation(tx, user) : (await issueToken(tx, user, "initial")).token;
      const created = toUser(user);
      await writeAudit(tx, {
        ...auditBy(ctx),
        action: "user.created",
        targetId: created.id,
        before: null,
        after: { ...userSnapshot(user), apps },
      });
      if (input.invite) created.invitationToken = token;
      return { user: created, token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("A user with this email already exists", "input.email");
    throw error;
  }
}

export async function createIntegrationKey(ctx: RequestContext, name: string, requireSignature = false) {
  const viewer = requireCrmAdmin(ctx.viewer);
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw badInput("name", "must be 1 to 100 characters");
  const key = generateSecret(INTEGRATION_KEY_PREFIX);
  const signingSecret = requireSignature ? generateSecret(SIGNING_SECRET_PREFIX) : null;
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertIntegrationKey(tx, {
      orgId: viewer.orgId,
      name: trimmed,
      keyHash: hashSecret(key),
      signingSecret,
      createdBy: viewer.userId,
    });
    const id = encodeGlobalId("IntegrationKey", row.id);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "integration_key.created",
      targetId: id,
      after: { name: row.name, requireSignature, createdAt: row.createdAt },
    });
    return { id, key, signingSecret };
  });
}

export async function revokeIntegrationKey(ctx: RequestContext, id: string): Promise<boolean> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const keyId = decodeIdOfType(id, "IntegrationKey", "id");
  await ctx.db.transaction(async (tx) => {
    const row = await repo.revokeIntegrationKey(tx, viewer.orgId, keyId);
    if (!row) throw notFound("Integration key", "id");
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "integration_key.revoked",
      targetId: id,
      before: { name: row.name, revokedAt: null },
      after: { name: row.name, revokedAt: row.revokedAt },
    });
  });
  accessChanged(ctx, viewer.orgId);
  return true;
}

export async function me(ctx: RequestContext): Promise<User> {
  const viewer = requireViewer(ctx.viewer);
  const user = await ctx.loaders.identity.users.load(viewer.userId);
  if (!user) throw unauthenticated();
  return user;
}

export async function getOrganization(ctx: RequestContext, orgId: number): Promise<Organization> {
  const row = await repo.findOrganization(ctx.db, orgId);
  if (!row) throw notFound("Organization");
  return toOrganization(row);
}

export async function createApiToken(ctx: RequestContext, name: string) {
  const viewer = requireViewer(ctx.viewer);
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw badInput("name", "must be 1 to 100 characters");
  const user = await repo.findActiveUser(ctx.db, viewer.orgId, viewer.userId);
  if (!user) throw unauthenticated();
  const { token, row } = await issueToken(ctx.db, user, trimmed);
  return { token, apiToken: toApiToken(row) };
}

const toApiToken = (row: { id: number; name: string; createdAt: Date; revokedAt: Date | null }) => ({
  id: encodeGlobalId("ApiToken", row.id),
  name: row.name,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});

export async function listApiTokens(ctx: RequestContext) {
  const viewer = requireViewer(ctx.viewer);
  return (await repo.listUserTokens(ctx.db, viewer.orgId, viewer.userId)).map(toApiToken);
}

/** A user revokes one of their own tokens (CORE-3). */
export async function revokeApiToken(ctx: RequestContext, id: string): Promise<boolean> {
  const viewer = requireViewer(ctx.viewer);
  const tokenId = decodeIdOfType(id, "ApiToken", "id");
  if (!(await repo.revokeApiToken(ctx.db, viewer.orgId, viewer.userId, tokenId))) throw notFound("API token", "id");
  accessRevoked(ctx, { orgId: viewer.orgId, tokenId });
  return true;
}

/** Users of the viewer's org by id, in key order, null for misses (a DataLoader batch function). */
export async function loadUsers(db: Db, orgId: number, ids: readonly number[]): Promise<(User | null)[]> {
  const rows = await repo.findUsersByIds(db, orgId, ids);
  const byId = new Map(rows.map((r) => [r.id, toUser(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** An active user of the org, for owner assignment. */
export async function requireActiveUser(db: Db, orgId: number, userId: number, field: string) {
  const user = await repo.findActiveUser(db, orgId, userId);
  if (!user) throw new AppError("NOT_FOUND", "No active user with this ID in your organisation", { field });
  return user;
}

export async function loadAppRoles(db: Db, orgId: number, userIds: readonly number[]) {
  const rows = await repo.findAppRoles(db, orgId, userIds);
  return userIds.map((id) => rows.filter((r) => r.userId === id).map((r) => ({ app: r.app as App, role: r.role as AppRole })));
}

/** The org's users by id, for any of its users (names and emails are not secret within an org). */
export async function listUsers(ctx: RequestContext, page: { first?: number | null; after?: string | null }) {
  const viewer = requireViewer(ctx.viewer);
  const request = parsePage(page, "ID:ASC");
  const rows = await repo.listUsers(ctx.db, viewer.orgId, request.after?.id ?? null, request.limit);
  return toConnection({
    rows,
    page: request,
    cursorOf: (row) => ({ key: "ID:ASC", value: row.id, id: row.id }),
    toNode: toUser,
    count: () => repo.countUsers(ctx.db, viewer.orgId),
  });
}

/** After commit: cached authentications go and every instance closes the WebSockets of this user or token (src/server/ws.ts). */
export function accessRevoked(ctx: Pick<RequestContext, "authCache">, payload: { orgId: number; userId?: number; tokenId?: number }) {
  ctx.authCache.revoked(payload);
}

/** After commit: what a user or key of the org may do changed (admin level, app roles, a key revoked); cached authentications go. */
export function accessChanged(ctx: Pick<RequestContext, "authCache">, orgId: number) {
  ctx.authCache.changed(orgId);
}

/**
 * The active users of the org with these emails (case-insensitive), one statement, in the order
 * asked (null for none), each with whether they are a CRM admin (CRM ADMIN role or suite admin).
 */
export async function findActiveUsersByEmail(db: Db, orgId: number, emails: readonly string[]) {
  const wanted = emails.map((e) => e.trim().toLowerCase());
  const rows = wanted.length ? await repo.findActiveUsersByEmails(db, orgId, wanted) : [];
  const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r]));
  return wanted.map((e) => {
    const r = byEmail.get(e);
    if (!r) return null;
    const crmAdmin = r.crmRole === AppRole.ADMIN || r.adminLevel === AdminLevel.ACCOUNT_ADMIN || r.adminLevel === AdminLevel.SUITE_ADMIN;
    return { id: r.id, email: r.email, crmAdmin };
  });
}

/** The org's IANA time zone. */
export async function orgTimeZone(db: Db, orgId: number): Promise<string> {
  return (await repo.findOrganization(db, orgId))?.timeZone ?? "UTC";
}

/** An integration key for the org issued by another domain on its transaction (visitors' link key); the key text is returned once. */
export async function issueIntegrationKey(db: Db, args: { orgId: number; name: string; createdBy: number }) {
  const key = generateSecret(INTEGRATION_KEY_PREFIX);
  const row = await repo.insertIntegrationKey(db, { orgId: args.orgId, name: args.name, keyHash: hashSecret(key), signingSecret: null, createdBy: args.createdBy });
  return { id: row.id as number, key };
}

/** Revokes an integration key of the org by its database id (no-op when already revoked); the caller calls `accessChanged` after commit. */
export async function revokeIntegrationKeyById(db: Db, orgId: number, keyId: number): Promise<void> {
  await repo.revokeIntegrationKey(db, orgId, keyId);
}
