import { IsOptional, Length } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DateScalar, JSONScalar } from "../shared/scalars.js";
import { RecordFilter, RecordOrder } from "./record-list.input.js";
import { TaskPriority, TaskStatus } from "./record.type.js";

@InputType()
export class TaskFilter extends RecordFilter {
  @Field(() => [TaskStatus], { nullable: true })
  status?: TaskStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: "true: open tasks only; false: completed ones only." })
  open?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Tasks about this lead, contact, account or deal." })
  recordId?: string | null;
}

@InputType()
export class TaskOrder extends RecordOrder {}

@InputType()
export class TaskFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  subject?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: string | null;

  @Field(() => TaskStatus, { nullable: true, description: "Defaults to NOT_STARTED." })
  status?: TaskStatus | null;

  @Field(() => TaskPriority, { nullable: true, description: "Defaults to NORMAL." })
  priority?: TaskPriority | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: "The lead, contact, account or deal the task is about." })
  recordId?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateTaskInput extends TaskFieldsInput {
  @Field(() => String)
  @Length(1, 300)
  subject!: string;
}

@InputType()
export class UpdateTaskInput extends TaskFieldsInput {}
