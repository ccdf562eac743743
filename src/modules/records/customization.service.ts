import type { Db } from "../../db/client.js";
import { auditBy, writeAudit } from "../shared/audit.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, conflict, notFound } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { crmScope, requireCrmAdmin } from "../shared/viewer.js";
import type { PicklistChange } from "./record-lifecycle.js";
import type { AddPicklistValueInput, CreateCustomFieldInput, SetPicklistHistoryInput } from "./customization.input.js";
import * as repo from "./customization.repo.js";
import { CrmModule, CustomFieldType, type CustomField, type Picklist } from "./customization.type.js";
import { CLOSED_LOST, CLOSED_STAGES, CLOSED_WON } from "./deal-stage.js";


const LEAD_SOURCES = [
  "Advertisement",
  "Chat",
  "Cold Call",
  "Employee Referral",
  "External Referral",
  "Online Store",
  "Partner",
  "Public Relations",
  "Seminar",
  "Trade Show",
  "Web Form",
  "Web Research",
];

/** The picklists every new org starts with (API.md, Records). */
export const DEFAULT_PICKLISTS: { module: CrmModule; field: string; values: string[]; reserved?: string[] }[] = [
  { module: CrmModule.LEADS, field: "status", values: ["Not Contacted", "Contacted", "Qualified", "Junk"] },
  { module: CrmModule.LEADS, field: "source", values: LEAD_SOURCES },
  { module: CrmModule.CONTACTS, field: "source", values: LEAD_SOURCES },
  {
    module: CrmModule.DEALS,
    field: "stage",
    values: ["Qualification", "Needs Analysis", "Proposal", "Negotiation", CLOSED_WON, CLOSED_LOST],
    reserved: [...CLOSED_STAGES],
  },
];

export async function seedOrgDefaults(db: Db, orgId: number): Promise<void> {
  for (const list of DEFAULT_PICKLISTS) {
    await repo.insertPicklistField(db, { orgId, module: list.module, field: list.field });
  }
  await repo.insertPicklistValues(
    db,
    DEFAULT_PICKLISTS.flatMap((list) =>
      list.values.map((value, i) => ({
        orgId,
        module: list.module,
        field: list.field,
        value,
        position: i + 1,
        reserved: list.reserved?.includes(value) ?? false,
      })),
    ),
  );
}

export interface PicklistConfig {
  values: string[];
  reserved: string[];
  historyEnabledAt: Date | null;
}

/** What a module's records are validated against: its picklists and custom fields. */
export interface ModuleConfig {
  picklists: Map<string, PicklistConfig>;
  customFields: repo.CustomFieldRow[];
}

export async function loadModuleConfig(db: Db, orgId: number, module: CrmModule): Promise<ModuleConfig> {
  const [fields, values, customFields] = await Promise.all([
    repo.findPicklistFields(db, orgId, module),
    repo.findPicklistValues(db, orgId, module),
    repo.findCustomFields(db, orgId, module),
  ]);
  const picklists = new Map<string, PicklistConfig>(
    fields.map((f) => [f.field, { values: [], reserved: [], historyEnabledAt: f.historyEnabledAt }]),
  );
  for (const v of values) {
    const list = picklists.get(v.field);
    list?.values.push(v.value);
    if (v.reserved) list?.reserved.push(v.value);
  }
  return { picklists, customFields };
}

/** A value outside the org's picklist is a bad input naming the allowed values. */
export function assertPicklistValue(config: ModuleConfig, field: string, value: string, path: string): void {
  const list = config.picklists.get(field);
  if (list && !list.values.includes(value)) {
    throw badInput(path, `"${value}" is not a value of this picklist`, { allowed: list.values });
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function checkCustomValue(def: repo.CustomFieldRow, value: unknown, config: ModuleConfig, path: string): void {
  switch (def.type) {
    case CustomFieldType.TEXT:
      if (typeof value !== "string" || value.length > 2000) throw badInput(path, "must be a string of at most 2000 characters");
      return;
    case CustomFieldType.NUMBER:
      if (typeof value !== "number" || !Number.isFinite(value)) throw badInput(path, "must be a number");
      return;
    case CustomFieldType.BOOLEAN:
      if (typeof value !== "boolean") throw badInput(path, "must be true or false");
      return;
    case CustomFieldType.DATE:
      if (typeof value !== "string" || !DATE_RE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        throw badInput(path, "must be a date as YYYY-MM-DD");
      }
      if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) throw badInput(path, "is not a calendar date");
      return;
    case CustomFieldType.PICKLIST:
      if (typeof value !== "string") throw badInput(path, "must be one of the picklist's values");
      assertPicklistValue(config, def.name, value, path);
      return;
  }
}

/**
 * Validates `customFields` against the module's definitions (CORE-11): unknown names and wrong
 * types are bad inputs. On create, required fields must be present; on update, `null` removes a value.
 * Returns the values to merge, with `null` for removals.
 */
export function validateCustomFields(
  config: ModuleConfig,
  input: unknown,
  mode: "create" | "update",
  path = "input.customFields",
): Record<string, unknown> {
  if (input === undefined || input === null) input = {};
  if (typeof input !== "object" || Array.isArray(input)) throw badInput(path, "must be an object of field name to value");
  const values = input as Record<string, unknown>;
  const defs = new Map(config.customFields.map((d) => [d.name, d]));
  for (const [name, value] of Object.entries(values)) {
    const def = defs.get(name);
    if (!def) throw badInput(`${path}.${name}`, `"${name}" is not a custom field of this module`);
    if (value === null) {
      if (def.required) throw badInput(`${path}.${name}`, "is required");
      continue;
    }
    checkCustomValue(def, value, config, `${path}.${name}`);
  }
  if (mode === "create") {
    for (const def of config.customFields) {
      if (def.required && (values[def.name] === undefined || values[def.name] === null)) {
        throw badInput(`${path}.${def.name}`, "is required");
      }
    }
  }
  return values;
}

/** Applies validated changes to stored custom values: null removes. */
export function mergeCustomFields(current: Record<string, unknown>, changes: Record<string, unknown>) {
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/**
 * CORE-12: one history row per picklist field whose value changed and whose history is on.
 * Built-in picklists are read from the record's columns, custom ones from `customFields`.
 * Returns the changes recorded (a lead's or contact's become timeline milestones, TL-6).
 */
export async function recordPicklistChanges(
  db: Db,
  args: {
    config: ModuleConfig;
    orgId: number;
    recordType: string;
    recordId: number;
    userId: number | null;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  },
): Promise<PicklistChange[]> {
  const read = (row: Record<string, unknown>, field: string) => {
    const custom = row.customFields as Record<string, unknown> | undefined;
    const value = field in row && field !== "customFields" ? row[field] : custom?.[field];
    return value === undefined || value === null ? null : String(value);
  };
  const now = new Date();
  const rows = [...args.config.picklists.entries()]
    .filter(([, list]) => list.historyEnabledAt !== null)
    .map(([field]) => ({ field, oldValue: read(args.before, field), newValue: read(args.after, field) }))
    .filter((c) => c.oldValue !== c.newValue)
    .map((c) => ({
      ...c,
      orgId: args.orgId,
      recordType: args.recordType,
      recordId: args.recordId,
      changedAt: now,
      changedBy: args.userId,
    }));
  await repo.insertHistory(db, rows);
  return rows;
}

const toPicklist = (module: CrmModule, field: string, list: PicklistConfig): Picklist => ({
  module,
  field,
  values: list.values,
  reservedValues: list.reserved,
  historyEnabled: list.historyEnabledAt !== null,
  historyEnabledAt: list.historyEnabledAt,
});

export async function listPicklists(ctx: RequestContext, module: CrmModule): Promise<Picklist[]> {
  crmScope(ctx.viewer);
  const config = await ctx.loaders.records.moduleConfig.load(module);
  return [...config.picklists.entries()].map(([field, list]) => toPicklist(module, field, list));
}

function requirePicklist(config: ModuleConfig, field: string): PicklistConfig {
  const list = config.picklists.get(field);
  if (!list) throw notFound(`Picklist field "${field}"`, "input.field");
  return list;
}

export async function addPicklistValue(ctx: RequestContext, input: AddPicklistValueInput): Promise<Picklist> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const config = await loadModuleConfig(ctx.db, viewer.orgId, input.module);
  const list = requirePicklist(config, input.field);
  const value = input.value.trim();
  if (list.values.includes(value)) throw conflict(`"${value}" is already a value of this picklist`, "input.value");
  await ctx.db.transaction(async (tx) => {
    const position = await repo.nextPicklistPosition(tx, viewer.orgId, input.module, input.field);
    await repo.insertPicklistValues(tx, [{ orgId: viewer.orgId, module: input.module, field: input.field, value, position }]);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "picklist.value_added",
      targetId: null,
      before: { module: input.module, field: input.field, values: list.values },
      after: { module: input.module, field: input.field, values: [...list.values, value] },
    });
  });
  return toPicklist(input.module, input.field, { ...list, values: [...list.values, value] });
}

export async function setPicklistHistory(ctx: RequestContext, input: SetPicklistHistoryInput): Promise<Picklist> {
  const viewer = requireCrmAdmin(ctx.viewer);
  const config = await loadModuleConfig(ctx.db, viewer.orgId, input.module);
  const list = requirePicklist(config, input.field);
  const at = input.enabled ? (list.historyEnabledAt ?? new Date()) : null;
  await ctx.db.transaction(async (tx) => {
    await repo.setHistoryEnabledAt(tx, viewer.orgId, input.module, input.field, at);
    await writeAudit(tx, {
      ...auditBy(ctx),
      action: "picklist.history_changed",
      targetId: null,
      before: { module: input.module, field: input.field, historyEnabled: list.historyEnabledAt !== null },
      after: { module: input.module, field: input.field, historyEnabled: at !== null },
    });
  });
  return toPicklist(input.module, input.field, { ...list, historyEnabledAt: at });
}

const toCustomField = (row: repo.CustomFieldRow, config: ModuleConfig): CustomField => ({
  __typename: "CustomField",
  id: encodeGlobalId("CustomField", row.id),
  dbId: row.id,
  module: row.module as CrmModule,
  name: row.name,
  label: row.label,
  type: row.type as CustomFieldType,
  required: row.required,
  options: row.type === CustomFieldType.PICKLIST ? (config.picklists.get(row.name)?.values ?? []) : [],
});

export async function listCustomFields(ctx: RequestContext, module: CrmModule): Promise<CustomField[]> {
  crmScope(ctx.viewer);
  const config = await ctx.loaders.records.moduleConfig.load(module);
  return config.customFields.map((row) => toCustomField(row, config));
}

/** Names a custom field may not take: the module's own fields. */
const BUILT_IN_FIELDS = new Set([
  "id", "name", "firstName", "lastName", "company", "email", "phone", "status", "source", "stage", "amount",
  "owner", "ownerId", "account", "accountId", "contact", "contactId", "subject", "priority", "dueDate",
  "createdAt", "updatedAt", "customFields", "website", "closingDate", "expectedRevenue",
]);

export async function createCustomField(ctx: RequestContext, input: CreateCustomFieldInput): Promise<CustomField> {
  const viewer = requireCrmAdmin(ctx.viewer);
  if (BUILT_IN_FIELDS.has(input.name)) throw conflict(`"${input.name}" is a built-in field`, "input.name");
  const isPicklist = input.type === CustomFieldType.PICKLIST;
  const options = [...new Set((input.options ?? []).map((o) => o.trim()))];
  if (isPicklist && options.length === 0) throw badInput("input.options", "a PICKLIST field needs at least one option");
  if (!isPicklist && input.options?.length) throw badInput("input.options", "only PICKLIST fields have options");
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const created = await repo.insertCustomField(tx, {
        orgId: viewer.orgId,
        module: input.module,
        name: input.name,
        label: input.label.trim(),
        type: input.type,
        required: input.required,
      });
      if (isPicklist) {
        await repo.insertPicklistField(tx, { orgId: viewer.orgId, module: input.module, field: input.name });
        await repo.insertPicklistValues(
          tx,
          options.map((value, i) => ({ orgId: viewer.orgId, module: input.module, field: input.name, value, position: i + 1 })),
        );
      }
      await writeAudit(tx, {
        ...auditBy(ctx),
        action: "custom_field.created",
        targetId: encodeGlobalId("CustomField", created.id),
        before: null,
        after: { module: created.module, name: created.name, label: created.label, type: created.type, required: created.required, options },
      });
      return created;
    });
    const config = await loadModuleConfig(ctx.db, viewer.orgId, input.module);
    return toCustomField(row, config);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A custom field "${input.name}" already exists`, "input.name");
    throw error;
  }
}

export { repo as customizationRepo };

/** `node(id:)` for a custom field: for users of the org with CRM access. */
export async function findCustomField(ctx: RequestContext, id: number): Promise<CustomField | null> {
  const scope = crmScope(ctx.viewer);
  const row = await repo.findCustomFieldById(ctx.db, scope.orgId, id);
  if (!row) return null;
  const config = await ctx.loaders.records.moduleConfig.load(row.module as CrmModule);
  return toCustomField(row, config);
}
