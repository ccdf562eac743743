import { Field, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";

@ObjectType({ implements: Node, description: "A company the business deals with." })
export class Account extends Node implements Model {
  __typename!: "Account";
  dbId!: number;
  ownerId!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => JSONScalar)
  customFields!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
