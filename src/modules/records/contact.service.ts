import { contacts } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import type { PageArgs } from "../shared/connection.js";
import { badInput } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import type { CrmScope } from "../shared/viewer.js";
import type { Db } from "../../db/client.js";
import { assertPicklistValue, mergeCustomFields, validateCustomFields, type ModuleConfig } from "./module-config.service.js";
import { ACCOUNT, CONTACT } from "./record-kind.js";
import type { ContactFieldsInput, ContactFilter, ContactOrder, CreateContactInput, UpdateContactInput } from "./contact.input.js";
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

export function listContacts(
  ctx: RequestContext,
  args: { page: PageArgs; filter?: ContactFilter | null; orderBy?: ContactOrder | null; dealStats?: boolean },
) {
  const f = args.filter;
  return listRecordConnection(ctx, {
    kind: CONTACT,
    page: args.page,
    orderBy: args.orderBy,
    dealStats: args.dealStats,
    criteria: {
      ...commonCriteria(f),
      accountId: f?.accountId ? decodeIdOfType(f.accountId, "Account", "filter.accountId") : undefined,
      anyOf: { source: f?.source },
    },
  });
}

async function contactValues(
  ctx: RequestContext,
  tx: Db,
  scope: CrmScope,
  config: ModuleConfig,
  input: ContactFieldsInput,
  current: typeof contacts.$inferSelect | null,
) {
  const values = givenFields(input, ["firstName", "lastName", "email", "phone", "source"]);
  if (values.lastName === null) throw badInput("input.lastName", "cannot be empty");
  if (typeof values.source === "string") assertPicklistValue(config, "source", values.source, "input.source");
  const accountId = await resolveReference(tx, scope, ACCOUNT, input.accountId, "input.accountId");
  if (accountId !== undefined) values.accountId = accountId;
  if (input.ownerId !== undefined || !current) values.ownerId = await resolveOwnerId(ctx, tx, scope, input.ownerId, "input.ownerId");
  if (input.customFields !== undefined || !current) {
    const changes = validateCustomFields(config, input.customFields, current ? "update" : "create");
    values.customFields = mergeCustomFields(current?.customFields ?? {}, changes);
  }
  return values;
}

export const createContact = (ctx: RequestContext, input: CreateContactInput) =>
  createRecordWith(ctx, CONTACT, (tx, config, scope) => contactValues(ctx, tx, scope, config, input, null));

export const updateContact = (ctx: RequestContext, id: string, input: UpdateContactInput) =>
  updateRecordWith(ctx, CONTACT, id, (tx, current, config, scope) => contactValues(ctx, tx, scope, config, input, current));

export const deleteContact = (ctx: RequestContext, id: string) => deleteRecordWith(ctx, CONTACT, id);
