import { auditBy, writeAudit } from "../shared/audit.js";
import { randomBytes } from "node:crypto";
import { toConnection, parsePage, type Connection } from "../shared/connection.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, conflict, limitExceeded, notFound } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { requireCrmAdmin } from "../shared/viewer.js";
import { enqueueRedelivery } from "./queue.js";
import { resolvedProblem, urlProblem } from "./ssrf.js";
import type { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveriesArgs } from "./webhook.input.js";
import * as repo from "./webhook.repo.js";
import { WebhookDeliveryStatus, WebhookStatus, type Webhook, type WebhookDelivery, type WebhookEvent } from "./webhook.type.js";

const MAX_ENDPOINTS = 25;
const MAX_URL = 2048;
const MAX_DESCRIPTION = 500;
/** HOOK-1: after a rotation the previous secret signs deliveries too, for this long. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export const toWebhook = (row: repo.EndpointRow): Webhook => ({
  __typename: "Webhook",
  id: encodeGlobalId("Webhook", row.id),
  dbId: row.id,
  orgId: row.orgId,
  url: row.url,
  events: row.events as WebhookEvent[],
  description: row.description,
  status: row.status as WebhookStatus,
  disabledReason: row.status === WebhookStatus.DISABLED ? row.disabledReason : null,
  failingSince: row.failingSince,
  previousSecretExpiresAt: row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date() ? row.previousSecretExpiresAt : null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toDelivery = (row: repo.DeliveryRow): WebhookDelivery => ({
  __typename: "WebhookDelivery",
  id: encodeGlobalId("WebhookDelivery", row.id),
  dbId: row.id,
  jobId: row.jobId,
  eventId: row.eventId,
  event: row.eventType as WebhookEvent,
  payload: { type: row.eventType, timestamp: row.eventCreatedAt.toISOString(), data: row.payload },
  status: row.status as WebhookDeliveryStatus,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  lastAttemptAt: row.lastAttemptAt,
  createdAt: row.createdAt,
});

/** `whsec_` and 32 random bytes in base64, as the Standard Webhooks libraries take it. */
const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/** HOOK-1, HOOK-8: a usable endpoint URL, checked again on every delivery. */
async function validUrl(ctx: RequestContext, raw: string, field: string): Promise<string> {
  const url = raw.trim();
  if (!url.length || url.length > MAX_URL) throw badInput(field, `must be 1 to ${MAX_URL} characters`);
  const policy = ctx.config.webhooks;
  const problem = urlProblem(url, policy) ?? (await resolvedProblem(url, policy));
  if (problem) throw badInput(field, `The URL ${problem}`);
  return new URL(url).toString();
}

function validEvents(list: readonly WebhookEvent[], field: string): WebhookEvent[] {
  if (!list.length) throw badInput(field, "must name at least one event");
  return [...new Set(list)];
}

function validDescription(raw: string | null | undefined, field: string): string | null {
  const text = raw?.trim() || null;
  if (text && text.length > MAX_DESCRIPTION) throw badInput(field, `must be at most ${MAX_DESCRIPTION} characters`);
  return text;
}

/** An endpoint of the caller's org (CRM admins only); another org's is NOT_FOUND, like one that does not exist. */
async function findOwnEndpoint(ctx: RequestContext, globalId: string, field: string, forUpdate = false) {
  const viewer = requireCrmAdmin(ctx.viewer);
  const id = decodeIdOfType(globalId, "Webhook", field);
  const row = await repo.findEndpoint(ctx.db, viewer.orgId, id, forUpdate);
  if (!row) throw notFound("Webhook", field);
  return row;
}

/** What the audit log keeps of an endpoint (ADM-6): never its secrets. */
const audited = (row: { url: string; events: string[]; description: string | null; status: string }) => ({
  url: row.url,
  events: row.events,
  description: row.description,
  status: row.status,
});

export async function listWebhooks(ctx: RequestContext): Promise<Webhook[]> {
  const viewer = requireCrmAdmin(ctx.viewer);
  return (await repo.listEndpoints(ctx.db, viewer.orgId)).map(toWebhook);
}

export async function createWebhook(ctx: RequestContext, input: CreateWebhookInput) {
  const viewer = requireCrmAdmin(ctx.viewer);
  const eventTypes = validEvents(input.events, "input.events");
  const description = validDescription(input.description, "input.description");
  const url = await validUrl(ctx, input.url, "input.url");
  if ((await repo.countEndpoints(ctx.db, viewer.orgId)) >= MAX_ENDPOINTS) {
    throw limitExceeded(`An organisation has at most ${MAX_ENDPOINTS} webhook endpoints`);
  }
  const signingSecret = newSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertEndpoint(tx, {
      orgId: viewer.orgId,
      url,
      events: eventTypes,
      description,
      secret: signingSecret,
      createdBy: viewer.userId,
    });
    await writeAudit(tx, { ...auditBy(ctx), action: "webhook.created", targetId: encodeGlobalId("Webhook", created.id), before: null, after: audited(created) });
    return created;
  });
  return { webhook: toWebhook(row), signingSecret };
}

export async function updateWebhook(ctx: RequestContext, globalId: string, input: UpdateWebhookInput) {
  const current = await findOwnEndpoint(ctx, globalId, "id");
  const values: Parameters<typeof repo.updateEndpoint>[3] = {};
  if (input.url !== undefined) {
    if (input.url === null) throw badInput("input.url", "cannot be empty");
    values.url = await validUrl(ctx, input.url, "input.url");
  }
  if (input.events !== undefined) {
    if (input.events === null) throw badInput("input.events", "cannot be empty");
    values.events = validEvents(input.events, "input.events");
  }
  if (input.description !== undefined) values.description = validDescription(input.description, "input.description");
  if (input.enabled === false) values.status = WebhookStatus.PAUSED;
  if (input.enabled === true) Object.assign(values, { status: WebhookStatus.ACTIVE, disabledReason: null, failingSince: null });
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateEndpoint(tx, current.orgId, current.id, values);
    await writeAudit(tx, { ...auditBy(ctx), action: "webhook.updated", targetId: globalId, before: audited(current), after: audited(updated) });
    return updated;
  });
  return toWebhook(row);
}

export async function deleteWebhook(ctx: RequestContext, globalId: string): Promise<string> {
  const current = await findOwnEndpoint(ctx, globalId, "id");
  await ctx.db.transaction(async (tx) => {
    await repo.deleteEndpoint(tx, current.orgId, current.id);
    await writeAudit(tx, { ...auditBy(ctx), action: "webhook.deleted", targetId: globalId, before: audited(current), after: null });
  });
  return globalId;
}

/** HOOK-1: a new secret; the previous one keeps signing deliveries (beside the new) for 24 hours. */
export async function rotateWebhookSecret(ctx: RequestContext, globalId: string) {
  const current = await findOwnEndpoint(ctx, globalId, "id");
  const signingSecret = newSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const rotated = await repo.updateEndpoint(tx, current.orgId, current.id, {
      secret: signingSecret,
      previousSecret: current.secret,
      previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
    });
    await writeAudit(tx, { ...auditBy(ctx), action: "webhook.secret_rotated", targetId: globalId, before: null, after: null });
    return rotated;
  });
  return { webhook: toWebhook(row), signingSecret };
}

export async function listDeliveries(ctx: RequestContext, webhook: Webhook, args: WebhookDeliveriesArgs): Promise<Connection<WebhookDelivery>> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const status = args.filter?.status ?? null;
  const page = parsePage(args, `deliveries:${status ?? "ALL"}`);
  const where = { orgId: viewer.orgId, endpointId: webhook.dbId, status };
  const rows = page.limit === 0 ? [] : await repo.listDeliveries(ctx.db, { ...where, afterId: page.after ? page.after.id : null, limit: page.limit + 1 });
  return toConnection({
    rows,
    page,
    cursorOf: (row) => ({ key: `deliveries:${status ?? "ALL"}`, value: row.id, id: row.id }),
    toNode: toDelivery,
    count: () => repo.countDeliveries(ctx.db, where),
  });
}

/** HOOK-6: the same event sent again to the same endpoint, with the same `webhook-id`. */
export async function redeliverWebhook(ctx: RequestContext, globalId: string): Promise<WebhookDelivery> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const id = decodeIdOfType(globalId, "WebhookDelivery", "deliveryId");
  const delivery = await repo.findDelivery(ctx.db, viewer.orgId, id);
  if (!delivery) throw notFound("WebhookDelivery", "deliveryId");
  const endpoint = await repo.findEndpoint(ctx.db, viewer.orgId, delivery.endpointId);
  if (!endpoint) throw notFound("WebhookDelivery", "deliveryId");
  if (endpoint.status !== WebhookStatus.ACTIVE) {
    throw conflict(`The endpoint is ${endpoint.status.toLowerCase()}: enable it (updateWebhook) before redelivering`, "deliveryId");
  }
  const created = await ctx.db.transaction(async (tx) => {
    const event = await repo.findEventRecord(tx, viewer.orgId, delivery.eventId);
    if (!event) throw notFound("WebhookDelivery", "deliveryId");
    return enqueueRedelivery(tx, {
      orgId: viewer.orgId,
      endpointId: endpoint.id,
      eventId: delivery.eventId,
      record: { type: event.recordType, id: event.recordId },
    });
  });
  return toDelivery((await repo.findDelivery(ctx.db, viewer.orgId, created.id))!);
}

/** node(id:): an endpoint or delivery of the caller's org, for CRM admins; null otherwise. */
export async function findWebhookNode(ctx: RequestContext, id: number): Promise<Webhook | null> {
  if (!isCrmAdmin(ctx)) return null;
  const row = await repo.findEndpoint(ctx.db, ctx.viewer!.orgId, id);
  return row ? toWebhook(row) : null;
}

export async function findDeliveryNode(ctx: RequestContext, id: number): Promise<WebhookDelivery | null> {
  if (!isCrmAdmin(ctx)) return null;
  const row = await repo.findDelivery(ctx.db, ctx.viewer!.orgId, id);
  return row ? toDelivery(row) : null;
}

function isCrmAdmin(ctx: RequestContext): boolean {
  try {
    requireCrmAdmin(ctx.viewer);
    return true;
  } catch {
    return false;
  }
}
