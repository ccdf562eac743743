import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { PageArgs } from "../shared/connection.js";
import { Node } from "../shared/node.type.js";
import { CreateTaskInput, TaskFilter, TaskOrder, UpdateTaskInput } from "./task.input.js";
import { OwnedResolver, TaskConnection } from "./record.resolver-base.js";
import type { RecordType } from "./record-kind.js";
import { Task } from "./task.type.js";
import * as service from "./task.service.js";

@Resolver(() => Task)
export class TaskResolver extends OwnedResolver(Task) {
  @Query(() => TaskConnection, { description: "Tasks you may view." })
  tasks(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => TaskFilter, { nullable: true }) filter: TaskFilter | null,
    @Arg("orderBy", () => TaskOrder, { nullable: true }) orderBy: TaskOrder | null,
    @Ctx() ctx: RequestContext,
  ) {
    return service.listTasks(ctx, { page, filter, orderBy });
  }

  @FieldResolver(() => Node, { nullable: true, description: "The lead, contact, account or deal the task is about, if you may view it." })
  record(@Root() task: Task, @Ctx() ctx: RequestContext) {
    return task.recordType && task.recordId ? ctx.loaders.records.byType[task.recordType as RecordType].load(task.recordId) : null;
  }

  @Mutation(() => Task)
  createTask(@Arg("input", () => CreateTaskInput) input: CreateTaskInput, @Ctx() ctx: RequestContext) {
    return service.createTask(ctx, input);
  }

  @Mutation(() => Task)
  updateTask(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateTaskInput) input: UpdateTaskInput, @Ctx() ctx: RequestContext) {
    return service.updateTask(ctx, id, input);
  }

  @Mutation(() => ID)
  deleteTask(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteTask(ctx, id);
  }
}
