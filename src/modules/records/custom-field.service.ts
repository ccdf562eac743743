import { isUniqueViolation } from "../../db/errors.js";
import { auditBy, writeAudit } from "../shared/audit.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, conflict } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { crmScope, requireCrmAdmin } from "../shared/viewer.js";
import type { CreateCustomFieldInput } from "./customization.input.js";
import * as repo from "./customization.repo.js";
import { CustomFieldType, type CrmModule, type CustomField } from "./customization.type.js";
import { loadModuleConfig, type ModuleConfig } from "./module-config.service.js";

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

/** `node(id:)` for a custom field: for users of the org with CRM access. */
export async function findCustomField(ctx: RequestContext, id: number): Promise<CustomField | null> {
  const scope = crmScope(ctx.viewer);
  const row = await repo.findCustomFieldById(ctx.db, scope.orgId, id);
  if (!row) return null;
  const config = await ctx.loaders.records.moduleConfig.load(row.module as CrmModule);
  return toCustomField(row, config);
}
