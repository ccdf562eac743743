import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { accounts, leads } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import type { PageArgs } from "../shared/connection.js";
import { badInput, notFound } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { crmScope, type CrmScope } from "../shared/viewer.js";
import {
  assertPicklistValue,
  mergeCustomFields,
  validateCustomFields,
  type ModuleConfig,
} from "./module-config.service.js";
import { ACCOUNT, CONTACT, DEAL, LEAD } from "./record-kind.js";
import type { ConvertLeadInput, CreateLeadInput, LeadFieldsInput, LeadFilter, LeadOrder, UpdateLeadInput } from "./lead.input.js";
import { toModel } from "./record.model.js";
import * as repo from "./record.repo.js";
import {
  commonCriteria,
  createRecordWith,
  deleteRecordWith,
  givenFields,
  listRecordConnection,
  resolveOwnerId,
  updateRecordWith,
} from "./record.service.js";
import { recordConverted } from "./record-lifecycle.js";

const LEAD_FIELDS = ["firstName", "lastName", "company", "email", "phone", "annualRevenue", "employees", "status", "source"] as const;

export function listLeads(ctx: RequestContext, args: { page: PageArgs; filter?: LeadFilter | null; orderBy?: LeadOrder | null }) {
  const f = args.filter;
  return listRecordConnection(ctx, {
    kind: LEAD,
    page: args.page,
    orderBy: args.orderBy,
    criteria: { ...commonCriteria(f), anyOf: { status: f?.status, source: f?.source } },
  });
}

async function leadValues(
  ctx: RequestContext,
  tx: Db,
  scope: CrmScope,
  config: ModuleConfig,
  input: LeadFieldsInput,
  current: typeof leads.$inferSelect | null,
) {
  const values = givenFields(input, LEAD_FIELDS);
  if (values.lastName === null) throw badInput("input.lastName", "cannot be empty");
  if (typeof values.status === "string") assertPicklistValue(config, "status", values.status, "input.status");
  if (typeof values.source === "string") assertPicklistValue(config, "source", values.source, "input.source");
  if (input.ownerId !== undefined || !current) values.ownerId = await resolveOwnerId(ctx, tx, scope, input.ownerId, "input.ownerId");
  if (input.customFields !== undefined || !current) {
    const changes = validateCustomFields(config, input.customFields, current ? "update" : "create");
    values.customFields = mergeCustomFields(current?.customFields ?? {}, changes);
  }
  return values;
}

export const createLead = (ctx: RequestContext, input: CreateLeadInput) =>
  createRecordWith(ctx, LEAD, (tx, config, scope) => leadValues(ctx, tx, scope, config, input, null), { visitorId: input.visitorId?.trim() || null });

export const updateLead = (ctx: RequestContext, id: string, input: UpdateLeadInput) =>
  updateRecordWith(ctx, LEAD, id, (tx, current, config, scope) => leadValues(ctx, tx, scope, config, input, current));

export const deleteLead = (ctx: RequestContext, id: string) => deleteRecordWith(ctx, LEAD, id);

/** Custom values carry over to the contact where the contact module has a field of the same name and type. */
function carriedCustomFields(leadConfig: ModuleConfig, contactConfig: ModuleConfig, values: Record<string, unknown>) {
  const contactTypes = new Map(contactConfig.customFields.map((d) => [d.name, d.type]));
  const leadTypes = new Map(leadConfig.customFields.map((d) => [d.name, d.type]));
  return Object.fromEntries(Object.entries(values).filter(([k]) => contactTypes.get(k) === leadTypes.get(k)));
}

async function findAccountByName(tx: Db, orgId: number, name: string) {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(sql`${accounts.orgId} = ${orgId} and lower(${accounts.name}) = lower(${name})`)
    .orderBy(accounts.id)
    .limit(1);
  return row ?? null;
}

/**
 * CORE-13: lead → contact (+ the account of its company, found by name or created) (+ an optional
 * deal), its notes, attachments, tasks and value history moved to the contact, the lead removed:
 * one transaction, so any failure leaves everything as it was.
 */
export async function convertLead(ctx: RequestContext, input: ConvertLeadInput) {
  const scope = crmScope(ctx.viewer);
  const leadId = decodeIdOfType(input.leadId, "Lead", "input.leadId");
  const [leadConfig, contactConfig, dealConfig] = await ctx.loaders.records.moduleConfig.loadMany([LEAD.module, CONTACT.module, DEAL.module]);
  const userId = ctx.viewer!.userId;
  const result = await ctx.db.transaction(async (tx) => {
    const lead = await repo.findRecordForUpdate(tx, LEAD, scope, leadId);
    if (!lead) throw notFound("Lead", "input.leadId");
    const audit = { orgId: scope.orgId, createdBy: userId, updatedBy: userId };

    const company = lead.company?.trim();
    let account = company ? await findAccountByName(tx, scope.orgId, company) : null;
    if (company && !account) {
      account = await repo.insertRecord(tx, ACCOUNT, { ...audit, name: company, phone: lead.phone, ownerId: lead.ownerId });
    }
    const contact = await repo.insertRecord(tx, CONTACT, {
      ...audit,
      firstName: lead.firstName,
      lastName: lead.lastName,
      email: lead.email,
      phone: lead.phone,
      source: lead.source,
      ownerId: lead.ownerId,
      accountId: account?.id ?? null,
      customFields: carriedCustomFields(leadConfig as ModuleConfig, contactConfig as ModuleConfig, lead.customFields),
    });

    let deal = null;
    if (input.deal) {
      assertPicklistValue(dealConfig as ModuleConfig, "stage", input.deal.stage, "input.deal.stage");
      validateCustomFields(dealConfig as ModuleConfig, {}, "create", "input.deal.customFields");
      deal = await repo.insertRecord(tx, DEAL, {
        ...audit,
        name: input.deal.name.trim(),
        stage: input.deal.stage,
        amount: input.deal.amount ?? null,
        closingDate: input.deal.closingDate ?? null,
        contactId: contact.id,
        accountId: account?.id ?? null,
        ownerId: lead.ownerId,
      });
    }
    // Everything that hung off the lead now hangs off the contact (CORE-13): every module's links and hooks.
    const after = await recordConverted(tx, { orgId: scope.orgId, from: { type: "lead", id: leadId }, to: { type: "contact", id: contact.id }, made: { lead, contact, account, deal } });
    await repo.deleteRecord(tx, LEAD, scope.orgId, leadId);
    return { contact, account, deal, after };
  });
  for (const done of result.after) done(ctx);
  ctx.loaders.records.byType.lead.clear(leadId);
  return {
    contact: toModel(CONTACT, result.contact),
    account: result.account ? toModel(ACCOUNT, result.account) : null,
    deal: result.deal ? toModel(DEAL, result.deal) : null,
  };
}
