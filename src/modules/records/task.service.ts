import type { Db } from "../../db/client.js";
import { tasks } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import type { PageArgs } from "../shared/connection.js";
import { badInput, notFound } from "../shared/errors.js";
import type { CrmScope } from "../shared/viewer.js";
import { mergeCustomFields, validateCustomFields, type ModuleConfig } from "./module-config.service.js";
import { PARENT_KINDS, TASK, decodeRecordId } from "./record-kind.js";
import type { CreateTaskInput, TaskFieldsInput, TaskFilter, TaskOrder, UpdateTaskInput } from "./task.input.js";
import { TaskPriority, TaskStatus } from "./record.type.js";
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


export function listTasks(ctx: RequestContext, args: { page: PageArgs; filter?: TaskFilter | null; orderBy?: TaskOrder | null }) {
  const f = args.filter;
  const parent = f?.recordId ? decodeRecordId(f.recordId, PARENT_KINDS, "filter.recordId") : null;
  return listRecordConnection(ctx, {
    kind: TASK,
    page: args.page,
    orderBy: args.orderBy,
    criteria: {
      ...commonCriteria(f),
      anyOf: { status: f?.status },
      open: f?.open,
      about: parent ? { type: parent.kind.type, id: parent.id } : undefined,
    },
  });
}

/** The record a task is about must be one the caller may view. */
async function resolveTaskRecord(tx: Db, scope: CrmScope, recordId: string | null | undefined) {
  if (recordId === undefined) return {};
  if (recordId === null) return { recordType: null, recordId: null };
  const { kind, id } = decodeRecordId(recordId, PARENT_KINDS, "input.recordId");
  if (!(await repo.findRecord(tx, kind, scope, id))) throw notFound(kind.typename, "input.recordId");
  return { recordType: kind.type, recordId: id };
}

async function taskValues(
  ctx: RequestContext,
  tx: Db,
  scope: CrmScope,
  config: ModuleConfig,
  input: TaskFieldsInput,
  current: typeof tasks.$inferSelect | null,
) {
  const values = givenFields(input, ["subject", "dueDate", "status", "priority"]);
  if (values.subject === null) throw badInput("input.subject", "cannot be empty");
  if (!current) {
    values.status ??= TaskStatus.NOT_STARTED;
    values.priority ??= TaskPriority.NORMAL;
  } else {
    if (values.status === null) throw badInput("input.status", "cannot be empty");
    if (values.priority === null) throw badInput("input.priority", "cannot be empty");
  }
  Object.assign(values, await resolveTaskRecord(tx, scope, input.recordId));
  if (input.ownerId !== undefined || !current) values.ownerId = await resolveOwnerId(ctx, tx, scope, input.ownerId, "input.ownerId");
  if (input.customFields !== undefined || !current) {
    const changes = validateCustomFields(config, input.customFields, current ? "update" : "create");
    values.customFields = mergeCustomFields(current?.customFields ?? {}, changes);
  }
  return values;
}

export const createTask = (ctx: RequestContext, input: CreateTaskInput) =>
  createRecordWith(ctx, TASK, (tx, config, scope) => taskValues(ctx, tx, scope, config, input, null));

export const updateTask = (ctx: RequestContext, id: string, input: UpdateTaskInput) =>
  updateRecordWith(ctx, TASK, id, (tx, current, config, scope) => taskValues(ctx, tx, scope, config, input, current));

export const deleteTask = (ctx: RequestContext, id: string) => deleteRecordWith(ctx, TASK, id);
