import type { Writable } from "node:stream";
import { once } from "node:events";
import type { Db } from "../../db/client.js";
import { accessRevoked, loadUsers } from "../identity/identity.service.js";
import { lockTarget, markUserDeleted, userSnapshot } from "../identity/lifecycle.service.js";
import { Operation, authorize } from "../identity/operations.js";
import { EXPORT_SECRET_PREFIX, generateSecret, hashSecret } from "../identity/secret.js";
import { reassignRecords } from "../records/records.api.js";
import { auditBy, writeAudit } from "../shared/audit.js";
import { parsePage, toConnection } from "../shared/connection.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, notFound } from "../shared/errors.js";
import { decodeIdOf, decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import type { Viewer } from "../shared/viewer.js";
import type { AuditLogFilter, DeleteUserInput } from "./admin.input.js";
import * as repo from "./admin.repo.js";
import type { AuditEntry, ExportUserDataPayload } from "./admin.type.js";

/** How long an export's URL works. */
export const EXPORT_TTL_MS = 15 * 60 * 1000;

/**
 * Deletes a user (ADM-5): every record they own moves to `reassignTo` through the records API and
 * the user is soft-deleted, in one transaction: a refusal at any step changes nothing. Their
 * history (timeline entries, audit entries, created/updated by) keeps naming them.
 */
export async function deleteUser(ctx: RequestContext, input: DeleteUserInput): Promise<string> {
  const viewer = authorize(ctx.viewer, Operation.DELETE_USER);
  const toUserId = decodeIdOfType(input.reassignTo, "User", "input.reassignTo");
  const deleted = await ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, viewer, input.id, "input.id");
    if (target.id === viewer.userId) throw badInput("input.id", "You cannot delete yourself");
    if (target.adminLevel === "ACCOUNT_ADMIN") throw badInput("input.id", "The account admin cannot be deleted: make another user account admin first");
    // reassignRecords refuses the user themself and any user who is not an active user of the org.
    const moved = await reassignRecords(tx, {
      orgId: viewer.orgId,
      actor: { userId: viewer.userId },
      fromUserId: target.id,
      toUserId,
      field: "input.reassignTo",
    });
    const after = await markUserDeleted(tx, viewer.orgId, target.id);
    const id = encodeGlobalId("User", target.id);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "user.deleted",
      targetId: id,
      before: userSnapshot(target),
      after: { ...userSnapshot(after), reassignedTo: input.reassignTo, moved },
    });
    return { id, dbId: target.id };
  });
  accessRevoked(ctx, { orgId: viewer.orgId, userId: deleted.dbId });
  return deleted.id;
}

/** Prepares a user's export: a URL to GET once, within EXPORT_TTL_MS, with the same admin's token. */
export async function exportUserData(ctx: RequestContext, userId: string): Promise<ExportUserDataPayload> {
  const viewer = authorize(ctx.viewer, Operation.EXPORT_USER_DATA);
  return ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, viewer, userId, "userId");
    const secret = generateSecret(EXPORT_SECRET_PREFIX);
    const row = await repo.insertExport(tx, {
      orgId: viewer.orgId,
      userId: target.id,
      requestedBy: viewer.userId,
      secretHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + EXPORT_TTL_MS),
    });
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "user.exported",
      targetId: encodeGlobalId("User", target.id),
      before: null,
      after: { expiresAt: row.expiresAt },
    });
    return { url: `/exports/${secret}`, expiresAt: row.expiresAt };
  });
}

/**
 * Streams an export as NDJSON: a header line, then one line per row (`{"type":"lead","data":{…}}`),
 * page by page, waiting for the client to drain. NOT_FOUND for an unknown, used or expired export
 * or one another admin asked for.
 */
export async function streamExport(db: Db, viewer: Viewer | null, secret: string, out: Writable & { setHeader?(k: string, v: string): void }) {
  const admin = authorize(viewer, Operation.EXPORT_USER_DATA);
  const claimed = await repo.claimExport(db, hashSecret(secret), admin.orgId, admin.userId);
  if (!claimed) throw notFound("Export (unknown, already downloaded or expired)");
  const [user] = await loadUsers(db, admin.orgId, [claimed.userId]);
  out.setHeader?.("Content-Type", "application/x-ndjson; charset=utf-8");
  out.setHeader?.("Content-Disposition", `attachment; filename="user-${claimed.userId}-export.ndjson"`);
  // One write per page, then wait for the client to drain it: a slow client slows the reads.
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const header = { type: "export", data: { user: user && { id: user.id, name: user.name, email: user.email, status: user.status }, generatedAt: new Date() } };
  await write(JSON.stringify(header) + "\n");
  for await (const { type, rows } of repo.exportPages(db, admin.orgId, claimed.userId)) {
    await write(rows.map((row) => JSON.stringify({ type, data: row }) + "\n").join(""));
  }
  out.end();
}

const toAuditEntry = (row: repo.AuditEntryRow): AuditEntry => ({
  __typename: "AuditEntry",
  id: encodeGlobalId("AuditEntry", row.id),
  dbId: row.id,
  actorUserId: row.actorUserId,
  actorIntegrationKeyId: row.actorIntegrationKeyId === null ? null : encodeGlobalId("IntegrationKey", row.actorIntegrationKeyId),
  action: row.action,
  targetId: row.targetId,
  before: row.before,
  after: row.after,
  requestId: row.requestId,
  at: row.at,
});

/** The audit log (ADM-6), newest first, for account and suite admins. */
export async function auditLog(ctx: RequestContext, page: { first?: number | null; after?: string | null }, filter: AuditLogFilter | null) {
  const viewer = authorize(ctx.viewer, Operation.VIEW_AUDIT_LOG);
  const criteria: repo.AuditCriteria = { orgId: viewer.orgId };
  if (filter?.actorId) {
    const actor = decodeIdOf(filter.actorId, ["User", "IntegrationKey"], "filter.actorId");
    if (actor.type === "User") criteria.actorUserId = actor.id;
    else criteria.actorIntegrationKeyId = actor.id;
  }
  if (filter?.targetId) criteria.targetId = filter.targetId;
  if (filter?.action) criteria.action = filter.action;
  if (filter?.from) criteria.from = filter.from;
  if (filter?.to) criteria.to = filter.to;
  if (criteria.from && criteria.to && criteria.from >= criteria.to) throw badInput("filter.to", "must be after `from`");
  const request = parsePage(page, "AUDIT:ID_DESC");
  const rows = await repo.listAuditEntries(ctx.db, criteria, request.after?.id ?? null, request.limit);
  return toConnection({
    rows,
    page: request,
    cursorOf: (row) => ({ key: "AUDIT:ID_DESC", value: row.id, id: row.id }),
    toNode: toAuditEntry,
    count: () => repo.countAuditEntries(ctx.db, criteria),
  });
}

/** `node(id:)` for an audit entry: for those who may read the audit log (NOT_FOUND for others, as node says). */
export async function findAuditEntry(ctx: RequestContext, id: number): Promise<AuditEntry | null> {
  let viewer: Viewer;
  try {
    viewer = authorize(ctx.viewer, Operation.VIEW_AUDIT_LOG);
  } catch {
    return null;
  }
  const row = await repo.findAuditEntry(ctx.db, viewer.orgId, id);
  return row ? toAuditEntry(row) : null;
}
