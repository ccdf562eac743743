import type { Db } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import { auditBy, writeAudit } from "../shared/audit.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, conflict, forbidden, notFound, unauthenticated } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { AdminLevel, App, AppRole, isSuiteAdmin, type Viewer } from "../shared/viewer.js";
import type {
  AcceptInvitationInput,
  AppAccessInput,
  ChangeSubscriptionInput,
  SetAdminLevelInput,
  SetUserAppsInput,
  UpdateOrganizationInput,
  UpdateUserInput,
} from "./identity.input.js";
import * as repo from "./identity.repo.js";
import {
  TRIAL_USER_LIMIT,
  accessChanged,
  accessRevoked,
  assertSeatAvailable,
  issueInvitation,
  toOrganization,
  toUser,
  userSnapshot,
} from "./identity.service.js";
import { SubscriptionPlan, UserStatus, type Organization, type SubscriptionDetails, type User } from "./identity.type.js";
import { Operation, administeredApps, authorize } from "./operations.js";
import { USER_TOKEN_PREFIX, generateSecret, hashSecret } from "./secret.js";

/**
 * The user and organisation lifecycle of the suite's administration (ADM-2..5, CORE-2): every
 * operation asks the operations matrix (`operations.ts`) first and writes one audit entry in its
 * transaction. Deleting and exporting a user need records: they live in the admin module.
 */

const orgSnapshot = (row: repo.OrganizationRow) => ({ name: row.name, timeZone: row.timeZone, portalUrl: row.portalUrl });

function assertTimeZone(timeZone: string, field: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw badInput(field, `"${timeZone}" is not an IANA time zone`);
  }
}

function assertPortalUrl(value: string, field: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(field, "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw badInput(field, "must be an absolute http(s) URL");
}

/** The target user of an admin operation: a user of the viewer's org who is not deleted, locked; else NOT_FOUND. */
export async function lockTarget(tx: Db, viewer: Viewer, globalId: string, field: string): Promise<repo.UserRow> {
  const userId = decodeIdOfType(globalId, "User", field);
  const row = await repo.lockUser(tx, viewer.orgId, userId);
  if (!row) throw notFound("User", field);
  return row;
}

/** Changes that leave a user unable to work refuse the account admin and the caller themself. */
function assertNotSelfOrAccountAdmin(viewer: Viewer, target: repo.UserRow, what: string, field: string) {
  if (target.id === viewer.userId) throw badInput(field, `You cannot ${what} yourself`);
  if (target.adminLevel === AdminLevel.ACCOUNT_ADMIN) {
    throw conflict(`The account admin cannot be ${what}d: make another user account admin first`, field);
  }
}

export async function updateOrganization(ctx: RequestContext, input: UpdateOrganizationInput): Promise<Organization> {
  let viewer = authorize(ctx.viewer, Operation.UPDATE_ORGANIZATION);
  if (input.portalUrl != null) viewer = authorize(viewer, Operation.CHANGE_PORTAL_URL);
  const values: Parameters<typeof repo.updateOrganization>[2] = {};
  if (input.name != null) {
    if (!input.name.trim()) throw badInput("input.name", "cannot be empty");
    values.name = input.name.trim();
  }
  if (input.timeZone != null) {
    assertTimeZone(input.timeZone, "input.timeZone");
    values.timeZone = input.timeZone;
  }
  if (input.portalUrl != null) {
    assertPortalUrl(input.portalUrl.trim(), "input.portalUrl");
    values.portalUrl = input.portalUrl.trim();
  }
  if (Object.keys(values).length === 0) throw badInput("input", "give at least one of name, timeZone, portalUrl");
  return ctx.db.transaction(async (tx) => {
    const before = await repo.lockOrganization(tx, viewer.orgId);
    if (!before) throw notFound("Organization");
    const after = await repo.updateOrganization(tx, viewer.orgId, values);
    const org = toOrganization(after);
    await writeAudit(tx, { ...auditBy(ctx), action: "organization.updated", targetId: org.id, before: orgSnapshot(before), after: orgSnapshot(after) });
    return org;
  });
}

/** ADM-2: there is always exactly one account admin; the previous one becomes a suite admin. */
export async function changeAccountAdmin(ctx: RequestContext, userId: string): Promise<User> {
  const viewer = authorize(ctx.viewer, Operation.CHANGE_ACCOUNT_ADMIN);
  const changed = await ctx.db.transaction(async (tx) => {
    await repo.lockOrganization(tx, viewer.orgId);
    const target = await lockTarget(tx, viewer, userId, "userId");
    if (target.status !== UserStatus.ACTIVE) throw badInput("userId", "The new account admin must be an active user");
    const current = await repo.findAccountAdmin(tx, viewer.orgId);
    if (current?.id === target.id) throw conflict("This user is already the account admin", "userId");
    if (current) await repo.updateUser(tx, viewer.orgId, current.id, { adminLevel: AdminLevel.SUITE_ADMIN });
    const after = await repo.updateUser(tx, viewer.orgId, target.id, { adminLevel: AdminLevel.ACCOUNT_ADMIN });
    // The account admin reaches every app as ADMIN (CORE-2).
    await repo.replaceAppRoles(tx, viewer.orgId, target.id, Object.values(App).map((app) => ({ app, role: AppRole.ADMIN })));
    const user = toUser(after);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "organization.account_admin_changed",
      targetId: user.id,
      before: { accountAdminId: current ? encodeGlobalId("User", current.id) : null },
      after: { accountAdminId: user.id },
    });
    return user;
  });
  accessChanged(ctx, viewer.orgId);
  return changed;
}

/** ADM-2: add or remove suite admins. */
export async function setAdminLevel(ctx: RequestContext, input: SetAdminLevelInput): Promise<User> {
  const viewer = authorize(ctx.viewer, Operation.SET_ADMIN_LEVEL);
  if (input.level === AdminLevel.ACCOUNT_ADMIN) throw badInput("input.level", "use changeAccountAdmin to change the account admin");
  const changed = await ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, viewer, input.userId, "input.userId");
    if (target.adminLevel === AdminLevel.ACCOUNT_ADMIN) {
      throw conflict("The account admin's level changes only with changeAccountAdmin", "input.userId");
    }
    if (target.adminLevel === input.level) throw conflict(`This user's admin level is already ${input.level}`, "input.level");
    const after = await repo.updateUser(tx, viewer.orgId, target.id, { adminLevel: input.level });
    const user = toUser(after);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "user.admin_level_changed",
      targetId: user.id,
      before: { adminLevel: target.adminLevel },
      after: { adminLevel: after.adminLevel },
    });
    return user;
  });
  accessChanged(ctx, viewer.orgId);
  return changed;
}

export async function updateUser(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<User> {
  const viewer = authorize(ctx.viewer, Operation.UPDATE_USER);
  const values: { name?: string; email?: string } = {};
  if (input.name != null) {
    if (!input.name.trim()) throw badInput("input.name", "cannot be empty");
    values.name = input.name.trim();
  }
  if (input.email != null) values.email = input.email.trim();
  if (Object.keys(values).length === 0) throw badInput("input", "give at least one of name, email");
  try {
    return await ctx.db.transaction(async (tx) => {
      const target = await lockTarget(tx, viewer, id, "id");
      const after = await repo.updateUser(tx, viewer.orgId, target.id, values);
      const user = toUser(after);
      await writeAudit(tx, {
        ...auditBy(ctx),
        action: "user.updated",
        targetId: user.id,
        before: { name: target.name, email: target.email },
        after: { name: after.name, email: after.email },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("A user with this email already exists", "input.email");
    throw error;
  }
}

const sortApps = (apps: { app: string; role: string }[]) => [...apps].sort((a, b) => a.app.localeCompare(b.app));

/**
 * Replaces the apps a user may reach (ADM-1). Account and suite admins change any app; an app
 * admin only the apps they administer, and only for users who are not suite admins.
 */
export async function setUserApps(ctx: RequestContext, input: SetUserAppsInput): Promise<User> {
  // Who has no admin right at all is refused before anything is read.
  const viewer = authorize(ctx.viewer, Operation.SET_USER_APPS, ctx.viewer ? administeredApps(ctx.viewer) : []);
  const seen = new Set<App>();
  input.apps.forEach(({ app }, i) => {
    if (seen.has(app)) throw badInput(`input.apps.${i}.app`, `${app} is listed twice`);
    seen.add(app);
  });
  const changed = await ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, viewer, input.userId, "input.userId");
    if (target.adminLevel === AdminLevel.ACCOUNT_ADMIN) {
      throw conflict("The account admin reaches every app as ADMIN", "input.userId");
    }
    const current = (await repo.findAppRoles(tx, viewer.orgId, [target.id])).map((r) => ({ app: r.app, role: r.role }));
    const wanted = new Map<string, string>(input.apps.map((a: AppAccessInput) => [a.app, a.role]));
    const had = new Map(current.map((a) => [a.app, a.role]));
    const touched = Object.values(App).filter((app) => wanted.get(app) !== had.get(app));
    if (!isSuiteAdmin(viewer)) {
      if (target.adminLevel !== AdminLevel.NONE) throw forbidden("Only account and suite admins change a suite admin's apps");
      authorize(viewer, Operation.SET_USER_APPS, touched.length ? touched : [...seen]);
    }
    await repo.replaceAppRoles(tx, viewer.orgId, target.id, input.apps);
    const user = toUser(target);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "user.apps_changed",
      targetId: user.id,
      before: { apps: sortApps(current) },
      after: { apps: sortApps(input.apps) },
    });
    return user;
  });
  accessChanged(ctx, viewer.orgId);
  return changed;
}

export async function deactivateUser(ctx: RequestContext, id: string): Promise<User> {
  const viewer = authorize(ctx.viewer, Operation.DEACTIVATE_USER);
  const user = await ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, viewer, id, "id");
    assertNotSelfOrAccountAdmin(viewer, target, "deactivate", "id");
    if (target.status === UserStatus.INACTIVE) throw conflict("This user is already inactive", "id");
    await repo.revokeInvitations(tx, viewer.orgId, target.id);
    const after = await repo.updateUser(tx, viewer.orgId, target.id, { status: UserStatus.INACTIVE });
    const user = toUser(after);
    await writeAudit(tx, { ...auditBy(ctx), action: "user.deactivated", targetId: user.id, before: { status: target.status }, after: { status: after.status } });
    return user;
  });
  // Tokens stop working at once (authenticate checks the status); open WebSockets are closed.
  accessRevoked(ctx, { orgId: viewer.orgId, userId: user.dbId });
  return user;
}

export async function activateUser(ctx: RequestContext, id: string): Promise<User> {
  const viewer = authorize(ctx.viewer, Operation.ACTIVATE_USER);
  return ctx.db.transaction(async (tx) => {
    // The org row first (as createUser): the trial limit is checked under its lock.
    await repo.lockOrganization(tx, viewer.orgId);
    const target = await lockTarget(tx, viewer, id, "id");
    if (target.status === UserStatus.ACTIVE) throw conflict("This user is already active", "id");
    if (target.status === UserStatus.INVITED) throw conflict("An invited user becomes active by accepting the invitation", "id");
    await assertSeatAvailable(tx, viewer.orgId);
    const after = await repo.updateUser(tx, viewer.orgId, target.id, { status: UserStatus.ACTIVE });
    const user = toUser(after);
    await writeAudit(tx, { ...auditBy(ctx), action: "user.activated", targetId: user.id, before: { status: target.status }, after: { status: after.status } });
    return user;
  });
}

/** A fresh invitation token for an INVITED user; the previous one stops working (CORE-2). */
export async function reinviteUser(ctx: RequestContext, id: string): Promise<User> {
  const viewer = authorize(ctx.viewer, Operation.REINVITE_USER);
  return ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, viewer, id, "id");
    if (target.status !== UserStatus.INVITED) throw conflict("Only invited users can be re-invited", "id");
    const token = await issueInvitation(tx, target);
    const user = toUser(target);
    await writeAudit(tx, { ...auditBy(ctx), action: "user.reinvited", targetId: user.id, before: { status: target.status }, after: { status: target.status } });
    user.invitationToken = token;
    return user;
  });
}

/** Accepting an invitation (no API token needed: the invitation is the credential) activates the user. */
export async function acceptInvitation(ctx: RequestContext, input: AcceptInvitationInput) {
  return ctx.db.transaction(async (tx) => {
    const invitation = await repo.acceptInvitation(tx, hashSecret(input.token.trim()));
    if (!invitation) throw unauthenticated("Unknown, used, revoked or expired invitation");
    const target = await repo.lockUser(tx, invitation.orgId, invitation.userId);
    if (!target || target.status !== UserStatus.INVITED) throw unauthenticated("Unknown, used, revoked or expired invitation");
    const after = await repo.updateUser(tx, target.orgId, target.id, { status: UserStatus.ACTIVE });
    const token = generateSecret(USER_TOKEN_PREFIX);
    await repo.insertApiToken(tx, { orgId: target.orgId, userId: target.id, name: "invitation", tokenHash: hashSecret(token) });
    const user = toUser(after);
    await writeAudit(tx, {
      orgId: target.orgId,
      actor: { userId: target.id },
      requestId: ctx.requestId,
      action: "user.invitation_accepted",
      targetId: user.id,
      before: { status: target.status },
      after: { status: after.status },
    });
    return { user, token };
  });
}

async function subscriptionOf(db: Db, org: repo.OrganizationRow): Promise<SubscriptionDetails> {
  const { active, invited } = await repo.countSeatedUsers(db, org.id);
  return {
    plan: org.plan as SubscriptionPlan,
    trial: org.trial,
    userLimit: org.trial ? TRIAL_USER_LIMIT : null,
    activeUsers: active,
    invitedUsers: invited,
  };
}

export async function subscriptionDetails(ctx: RequestContext): Promise<SubscriptionDetails> {
  const viewer = authorize(ctx.viewer, Operation.VIEW_SUBSCRIPTION);
  const org = await repo.findOrganization(ctx.db, viewer.orgId);
  if (!org) throw notFound("Organization");
  return subscriptionOf(ctx.db, org);
}

/** A stand-in without payments: a paid plan ends the trial and its user limit. */
export async function changeSubscription(ctx: RequestContext, input: ChangeSubscriptionInput): Promise<SubscriptionDetails> {
  const viewer = authorize(ctx.viewer, Operation.CHANGE_SUBSCRIPTION);
  if (input.plan === SubscriptionPlan.TRIAL) throw badInput("input.plan", "choose a paid plan: an organisation cannot go back to the trial");
  return ctx.db.transaction(async (tx) => {
    const before = await repo.lockOrganization(tx, viewer.orgId);
    if (!before) throw notFound("Organization");
    if (before.plan === input.plan) throw conflict(`The plan is already ${input.plan}`, "input.plan");
    const after = await repo.updateOrganization(tx, viewer.orgId, { plan: input.plan, trial: false });
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "subscription.changed",
      targetId: encodeGlobalId("Organization", viewer.orgId),
      before: { plan: before.plan, trial: before.trial },
      after: { plan: after.plan, trial: after.trial },
    });
    return subscriptionOf(tx, after);
  });
}

/**
 * Soft-deletes a user in the caller's transaction (the admin module's deleteUser, after moving
 * their records): status DELETED, tokens and invitations revoked, app access and admin level
 * gone. The row stays, so timeline entries, audit entries and created/updated-by keep naming them.
 */
export async function markUserDeleted(tx: Db, orgId: number, userId: number): Promise<repo.UserRow> {
  await repo.revokeUserTokens(tx, orgId, userId);
  await repo.revokeInvitations(tx, orgId, userId);
  await repo.replaceAppRoles(tx, orgId, userId, []);
  return repo.updateUser(tx, orgId, userId, { status: UserStatus.DELETED, adminLevel: AdminLevel.NONE });
}

export { userSnapshot };
