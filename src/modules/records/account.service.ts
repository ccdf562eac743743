import type { Db } from "../../db/client.js";
import type { accounts } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import type { PageArgs } from "../shared/connection.js";
import { badInput } from "../shared/errors.js";
import type { CrmScope } from "../shared/viewer.js";
import { mergeCustomFields, validateCustomFields, type ModuleConfig } from "./module-config.service.js";
import { ACCOUNT } from "./record-kind.js";
import type { AccountFieldsInput, AccountFilter, AccountOrder, CreateAccountInput, UpdateAccountInput } from "./account.input.js";
import {
  commonCriteria,
  createRecordWith,
  deleteRecordWith,
  givenFields,
  listRecordConnection,
  resolveOwnerId,
  updateRecordWith,
} from "./record.service.js";

export function listAccounts(ctx: RequestContext, args: { page: PageArgs; filter?: AccountFilter | null; orderBy?: AccountOrder | null }) {
  return listRecordConnection(ctx, { kind: ACCOUNT, page: args.page, orderBy: args.orderBy, criteria: commonCriteria(args.filter) });
}

async function accountValues(
  ctx: RequestContext,
  tx: Db,
  scope: CrmScope,
  config: ModuleConfig,
  input: AccountFieldsInput,
  current: typeof accounts.$inferSelect | null,
) {
  const values = givenFields(input, ["name", "website", "phone"]);
  if (values.name === null) throw badInput("input.name", "cannot be empty");
  if (input.ownerId !== undefined || !current) values.ownerId = await resolveOwnerId(ctx, tx, scope, input.ownerId, "input.ownerId");
  if (input.customFields !== undefined || !current) {
    const changes = validateCustomFields(config, input.customFields, current ? "update" : "create");
    values.customFields = mergeCustomFields(current?.customFields ?? {}, changes);
  }
  return values;
}

export const createAccount = (ctx: RequestContext, input: CreateAccountInput) =>
  createRecordWith(ctx, ACCOUNT, (tx, config, scope) => accountValues(ctx, tx, scope, config, input, null));

export const updateAccount = (ctx: RequestContext, id: string, input: UpdateAccountInput) =>
  updateRecordWith(ctx, ACCOUNT, id, (tx, current, config, scope) => accountValues(ctx, tx, scope, config, input, current));

/** Its contacts and deals stay, unlinked (the foreign keys set null). */
export const deleteAccount = (ctx: RequestContext, id: string) => deleteRecordWith(ctx, ACCOUNT, id);
