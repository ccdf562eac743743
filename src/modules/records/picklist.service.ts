import { auditBy, writeAudit } from "../shared/audit.js";
import type { RequestContext } from "../shared/context.js";
import { conflict, notFound } from "../shared/errors.js";
import { crmScope, requireCrmAdmin } from "../shared/viewer.js";
import type { AddPicklistValueInput, SetPicklistHistoryInput } from "./customization.input.js";
import * as repo from "./customization.repo.js";
import type { CrmModule, Picklist } from "./customization.type.js";
import { loadModuleConfig, type ModuleConfig, type PicklistConfig } from "./module-config.service.js";

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
