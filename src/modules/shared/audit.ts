import type { Db } from "../../db/client.js";
import { auditEntries } from "../../db/schema/index.js";
import type { Integration, Viewer } from "./viewer.js";

/** Who did an audited action: a user or an integration key. */
export type AuditActor = { userId: number } | { integrationKeyId: number };

export interface AuditEntryInput {
  orgId: number;
  actor: AuditActor;
  /** Dotted lower case, `<thing>.<what happened>`: `user.deactivated`, `integration_key.created`. */
  action: string;
  /** The global ID of what was acted on, when it has one. */
  targetId?: string | null;
  /** The state before and after; null where nothing existed. Secrets are removed (below). */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

/** Keys whose values never reach the audit log, at any depth. */
const SECRET_KEY = /(secret|token|password|^key$|keyHash|apiKey)/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k) && v !== undefined) out[k] = withoutSecrets(v);
    return out;
  }
  return value;
}

/**
 * Writes one audit entry (ADM-6). Call it with the transaction of the action it records, so the
 * entry commits (or not) with it. Any module may call it: it imports no module.
 */
export async function writeAudit(tx: Db, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditEntries).values({
    orgId: entry.orgId,
    actorUserId: "userId" in entry.actor ? entry.actor.userId : null,
    actorIntegrationKeyId: "integrationKeyId" in entry.actor ? entry.actor.integrationKeyId : null,
    action: entry.action,
    targetId: entry.targetId ?? null,
    before: entry.before ? withoutSecrets(entry.before) : null,
    after: entry.after ? withoutSecrets(entry.after) : null,
    requestId: entry.requestId ?? null,
  });
}

/** The org, actor and request id of a request, for `writeAudit(tx, { ...auditBy(ctx), action, … })`. */
export function auditBy(ctx: { viewer: Viewer | null; integration: Integration | null; requestId: string }) {
  if (ctx.viewer) return { orgId: ctx.viewer.orgId, actor: { userId: ctx.viewer.userId } as AuditActor, requestId: ctx.requestId };
  if (ctx.integration) {
    return { orgId: ctx.integration.orgId, actor: { integrationKeyId: ctx.integration.keyId } as AuditActor, requestId: ctx.requestId };
  }
  throw new Error("writeAudit needs an authenticated caller");
}
