import { auditBy, writeAudit } from "../shared/audit.js";
import type { Db } from "../../db/client.js";
import { accessChanged, findActiveUsersByEmail, issueIntegrationKey, requireActiveUser, revokeIntegrationKeyById } from "../identity/identity.service.js";
import { secretsEqual } from "../identity/secret.js";
import { customFieldTypes } from "../records/records.api.js";
import { CustomFieldType } from "../records/customization.type.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, forbidden, unauthenticated } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { App, crmScope, requireCrmAdmin, requireViewer, type Integration, type Viewer } from "../shared/viewer.js";
import {
  AutoAddMode,
  CustomerKind,
  NUMERIC_ATTRIBUTES,
  UnattendedDisplay,
  VisitorAttribute,
  VisitorOwnerRule,
  type TaskDue,
} from "./visitors.catalog.js";
import type { LinkVisitorIntegrationInput, VisitorSettingsInput } from "./visitors.input.js";
import * as repo from "./visitors.repo.js";
import type { VisitorIntegration, VisitorSettings } from "./visitors.type.js";

export const DEFAULT_SETTINGS: VisitorSettings = {
  autoAdd: AutoAddMode.NONE,
  addAs: CustomerKind.LEAD,
  followUpTaskDue: null,
  owner: VisitorOwnerRule.ATTENDING_OPERATOR,
  ownerUserId: null,
  notifyVisits: true,
  addVisitDetails: true,
  attachTranscripts: true,
  showUnattendedAs: UnattendedDisplay.TRACKED,
  attributeMappings: [],
};

export const settingsOf = (row: repo.IntegrationRow | null): VisitorSettings => ({ ...DEFAULT_SETTINGS, ...((row?.settings ?? {}) as Partial<VisitorSettings>) });

const NOT_ADMIN =
  "You are not recognised as the CRM admin of this organisation: ask a CRM admin to link with their email address and the integration key they generated in the CRM";

/** Visitor operations are for users with the SalesIQ app (or CRM admins). */
export function requireSalesIq(viewer: Viewer | null): Viewer {
  const v = requireViewer(viewer);
  if (v.apps[App.SALES_IQ]) return v;
  let admin = false;
  try {
    admin = crmScope(v).all;
  } catch {
    admin = false;
  }
  if (!admin) throw forbidden("You have no access to the SalesIQ app");
  return v;
}

function toIntegration(row: repo.IntegrationRow | null, orgId: number, showKey: boolean): VisitorIntegration {
  return {
    orgId,
    linkedAdminId: row?.linkedAdminId ?? null,
    enabled: row?.enabled ?? false,
    linked: row?.linkedAdminId != null,
    key: showKey ? (row?.key ?? null) : null,
    settings: settingsOf(row),
  };
}

const isCrmAdmin = (viewer: Viewer) => {
  try {
    return crmScope(viewer).all;
  } catch {
    return false;
  }
};

/** What the audit log keeps of the link (ADM-6): never the key. */
const auditedLink = (row: { keyId: number | null; linkedAdminId: number | null; enabled: boolean }) => ({
  keyId: row.keyId ? encodeGlobalId("IntegrationKey", row.keyId) : null,
  linkedAdmin: row.linkedAdminId ? encodeGlobalId("User", row.linkedAdminId) : null,
  enabled: row.enabled,
});

/** VIS-1: a new integration key (the previous one is revoked, and the link must be made again with it). */
export async function generateKey(ctx: RequestContext): Promise<VisitorIntegration> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const current = await repo.findIntegration(ctx.db, viewer.orgId);
  const row = await ctx.db.transaction(async (tx) => {
    if (current?.keyId) await revokeIntegrationKeyById(tx, viewer.orgId, current.keyId);
    const created = await issueIntegrationKey(tx, { orgId: viewer.orgId, name: "Website visitors (SalesIQ)", createdBy: viewer.userId });
    const row = await repo.upsertIntegration(tx, viewer.orgId, { keyId: created.id, key: created.key, linkedAdminId: null, enabled: false });
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "visitor_integration.key_generated",
      targetId: encodeGlobalId("IntegrationKey", created.id),
      before: current ? auditedLink(current) : null,
      after: auditedLink(row),
    });
    return row;
  });
  // The previous key stops working at once, on every instance.
  if (current?.keyId) accessChanged(ctx, viewer.orgId);
  return toIntegration(row, viewer.orgId, true);
}

/** VIS-1: link (or relink to another admin) with a CRM admin's email and the key; anyone else is refused with the VIS-1 message. */
export async function link(ctx: RequestContext, input: LinkVisitorIntegrationInput): Promise<VisitorIntegration> {
  const viewer = requireSalesIq(ctx.viewer);
  const row = await repo.findIntegration(ctx.db, viewer.orgId);
  const [admin] = await findActiveUsersByEmail(ctx.db, viewer.orgId, [input.adminEmail]);
  if (!row?.key || !admin?.crmAdmin || !secretsEqual(input.key.trim(), row.key)) throw forbidden(NOT_ADMIN);
  const updated = await ctx.db.transaction(async (tx) => {
    const linked = await repo.upsertIntegration(tx, viewer.orgId, { linkedAdminId: admin.id, enabled: true });
    await writeAudit(tx, { ...auditBy(ctx), action: "visitor_integration.linked", targetId: null, before: auditedLink(row), after: auditedLink(linked) });
    return linked;
  });
  return toIntegration(updated, viewer.orgId, isCrmAdmin(viewer));
}

export async function setEnabled(ctx: RequestContext, enabled: boolean): Promise<VisitorIntegration> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const row = await repo.findIntegration(ctx.db, viewer.orgId);
  if (!row?.linkedAdminId) throw badInput("enabled", "link the integration first (linkVisitorIntegration)");
  const updated = await ctx.db.transaction(async (tx) => {
    const changed = await repo.upsertIntegration(tx, viewer.orgId, { enabled });
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: enabled ? "visitor_integration.enabled" : "visitor_integration.disabled",
      targetId: null,
      before: auditedLink(row),
      after: auditedLink(changed),
    });
    return changed;
  });
  return toIntegration(updated, viewer.orgId, true);
}

export async function getIntegration(ctx: RequestContext): Promise<VisitorIntegration | null> {
  const viewer = requireSalesIq(ctx.viewer);
  const row = await repo.findIntegration(ctx.db, viewer.orgId);
  if (!row) return null;
  return toIntegration(row, viewer.orgId, isCrmAdmin(viewer));
}

/** VIS-15: every mapping names a custom field of the kind visitors are added as, of a type that holds the attribute. */
async function validateMappings(db: Db, orgId: number, addAs: CustomerKind, mappings: { attribute: VisitorAttribute; field: string }[]) {
  const types = await customFieldTypes(db, { orgId, type: addAs === CustomerKind.LEAD ? "lead" : "contact" });
  const seen = new Set<VisitorAttribute>();
  mappings.forEach((m, i) => {
    const path = `input.attributeMappings.${i}.field`;
    if (seen.has(m.attribute)) throw badInput(`input.attributeMappings.${i}.attribute`, `${m.attribute} is mapped twice`);
    seen.add(m.attribute);
    const type = types.get(m.field.trim());
    if (!type) throw badInput(path, `"${m.field}" is not a custom field of ${addAs === CustomerKind.LEAD ? "leads" : "contacts"}`);
    const allowed = NUMERIC_ATTRIBUTES.has(m.attribute) ? [CustomFieldType.NUMBER, CustomFieldType.TEXT] : [CustomFieldType.TEXT];
    if (!allowed.includes(type)) throw badInput(path, `"${m.field}" is a ${type} field; ${m.attribute} needs ${allowed.join(" or ")}`);
  });
}

/** VIS-2..6, VIS-15, for CRM admins: only the fields given change; everything is validated before anything is stored. */
export async function updateSettings(ctx: RequestContext, input: VisitorSettingsInput): Promise<VisitorSettings> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const row = await repo.findIntegration(ctx.db, viewer.orgId);
  const next: VisitorSettings = { ...settingsOf(row) };
  const nonNull = ["autoAdd", "addAs", "owner", "notifyVisits", "addVisitDetails", "attachTranscripts", "showUnattendedAs"] as const;
  for (const key of nonNull) {
    if (input[key] === null) throw badInput(`input.${key}`, "cannot be null");
    if (input[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = input[key];
  }
  if (input.followUpTaskDue !== undefined) next.followUpTaskDue = (input.followUpTaskDue ?? null) as TaskDue | null;
  if (input.ownerUserId !== undefined) {
    next.ownerUserId = input.ownerUserId === null ? null : decodeIdOfType(input.ownerUserId, "User", "input.ownerUserId");
    if (next.ownerUserId !== null) await requireActiveUser(ctx.db, viewer.orgId, next.ownerUserId, "input.ownerUserId");
  }
  if (next.owner === VisitorOwnerRule.USER && next.ownerUserId === null) throw badInput("input.ownerUserId", "name the user who owns new visitors when owner is USER");
  if (input.attributeMappings === null) throw badInput("input.attributeMappings", "cannot be null; send [] to remove every mapping");
  if (input.attributeMappings !== undefined) next.attributeMappings = input.attributeMappings.map((m) => ({ attribute: m.attribute, field: m.field.trim() }));
  await validateMappings(ctx.db, viewer.orgId, next.addAs, next.attributeMappings);
  const updated = await ctx.db.transaction(async (tx) => {
    const saved = await repo.upsertIntegration(tx, viewer.orgId, { settings: next as unknown as Record<string, unknown> });
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "visitor_integration.settings_changed",
      targetId: null,
      before: { ...settingsOf(row) },
      after: { ...next },
    });
    return saved;
  });
  return settingsOf(updated);
}

/**
 * Pushes (visits, chats) come with the org's visitor integration key while the link is made and
 * enabled: another key of the org, or a key before the link or while disabled, is refused.
 */
export async function requireLinkedIntegration(ctx: RequestContext): Promise<{ integration: Integration; row: repo.IntegrationRow; settings: VisitorSettings }> {
  const integration = ctx.integration;
  if (!integration) {
    if (ctx.viewer) throw forbidden("Visits and chats are pushed with the visitor integration key, not a user token");
    throw unauthenticated("An integration key is required");
  }
  const row = await repo.findIntegration(ctx.db, integration.orgId);
  if (!row || row.keyId !== integration.keyId) throw forbidden("This integration key is not the website visitor integration's key (generateVisitorIntegrationKey)");
  if (!row.linkedAdminId) throw forbidden("The website visitor integration is not linked yet (linkVisitorIntegration)");
  if (!row.enabled) throw forbidden("The website visitor integration is disabled");
  return { integration, row, settings: settingsOf(row) };
}
