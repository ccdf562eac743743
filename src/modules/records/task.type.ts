import { Field, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateScalar, DateTimeScalar, JSONScalar } from "../shared/scalars.js";
import { TaskPriority, TaskStatus } from "./record.type.js";

@ObjectType({ implements: Node, description: "An activity to do, optionally about a lead, contact, account or deal." })
export class Task extends Node implements Model {
  __typename!: "Task";
  dbId!: number;
  ownerId!: number;
  recordType!: string | null;
  recordId!: number | null;

  @Field(() => String)
  subject!: string;

  @Field(() => DateScalar, { nullable: true })
  dueDate!: string | null;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => TaskPriority)
  priority!: TaskPriority;

  @Field(() => Boolean, { description: "True until the task is COMPLETED." })
  isOpen!: boolean;

  @Field(() => JSONScalar)
  customFields!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
