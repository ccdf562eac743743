import type { Db } from "../../db/client.js";
import { deals } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import type { PageArgs } from "../shared/connection.js";
import { badInput } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import type { CrmScope } from "../shared/viewer.js";
import {
  assertPicklistValue,
  mergeCustomFields,
  validateCustomFields,
  type ModuleConfig,
} from "./module-config.service.js";
import { ACCOUNT, CONTACT, DEAL } from "./record-kind.js";
import type { CreateDealInput, DealFieldsInput, DealFilter, DealOrder, UpdateDealInput } from "./deal.input.js";
import {
  commonCriteria,
  createRecordWith,
  deleteRecordWith,
  givenFields,
  listRecordConnection,
  resolveOwnerId,
  resolveReference,
  updateRecordWith,
} from "./record.service.js";

export function listDeals(ctx: RequestContext, args: { page: PageArgs; filter?: DealFilter | null; orderBy?: DealOrder | null }) {
  const f = args.filter;
  return listRecordConnection(ctx, {
    kind: DEAL,
    page: args.page,
    orderBy: args.orderBy,
    criteria: {
      ...commonCriteria(f),
      anyOf: { stage: f?.stage },
      open: f?.open,
      contactId: f?.contactId ? decodeIdOfType(f.contactId, "Contact", "filter.contactId") : undefined,
      accountId: f?.accountId ? decodeIdOfType(f.accountId, "Account", "filter.accountId") : undefined,
    },
  });
}

async function dealValues(
  ctx: RequestContext,
  tx: Db,
  scope: CrmScope,
  config: ModuleConfig,
  input: DealFieldsInput,
  current: typeof deals.$inferSelect | null,
) {
  const values = givenFields(input, ["name", "stage", "amount", "expectedRevenue", "closingDate"]);
  if (values.name === null) throw badInput("input.name", "cannot be empty");
  if (values.stage === null) throw badInput("input.stage", "cannot be empty");
  if (typeof values.stage === "string") assertPicklistValue(config, "stage", values.stage, "input.stage");
  const contactId = await resolveReference(tx, scope, CONTACT, input.contactId, "input.contactId");
  if (contactId !== undefined) values.contactId = contactId;
  const accountId = await resolveReference(tx, scope, ACCOUNT, input.accountId, "input.accountId");
  if (accountId !== undefined) values.accountId = accountId;
  if (input.ownerId !== undefined || !current) values.ownerId = await resolveOwnerId(ctx, tx, scope, input.ownerId, "input.ownerId");
  if (input.customFields !== undefined || !current) {
    const changes = validateCustomFields(config, input.customFields, current ? "update" : "create");
    values.customFields = mergeCustomFields(current?.customFields ?? {}, changes);
  }
  return values;
}

export const createDeal = (ctx: RequestContext, input: CreateDealInput) =>
  createRecordWith(ctx, DEAL, (tx, config, scope) => dealValues(ctx, tx, scope, config, input, null));

export const updateDeal = (ctx: RequestContext, id: string, input: UpdateDealInput) =>
  updateRecordWith(ctx, DEAL, id, (tx, current, config, scope) => dealValues(ctx, tx, scope, config, input, current));

export const deleteDeal = (ctx: RequestContext, id: string) => deleteRecordWith(ctx, DEAL, id);
