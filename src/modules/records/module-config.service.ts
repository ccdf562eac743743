import type { Db } from "../../db/client.js";
import { badInput } from "../shared/errors.js";
import * as repo from "./customization.repo.js";
import { CustomFieldType, type CrmModule } from "./customization.type.js";

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

/** A module's picklists (values, reserved values, history switch) and custom field definitions, read at once. */
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
