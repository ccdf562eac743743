import { Field, Float, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateScalar, DateTimeScalar, JSONScalar } from "../shared/scalars.js";

@ObjectType({ implements: Node, description: "A sales opportunity. Open unless its stage is CLOSED_WON or CLOSED_LOST." })
export class Deal extends Node implements Model {
  __typename!: "Deal";
  dbId!: number;
  ownerId!: number;
  contactId!: number | null;
  accountId!: number | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "A value of the org's deal stage picklist." })
  stage!: string;

  @Field(() => Boolean, { description: "False once the stage is CLOSED_WON or CLOSED_LOST." })
  isOpen!: boolean;

  @Field(() => Float, { nullable: true, description: "In the org's currency, two decimals." })
  amount!: number | null;

  @Field(() => Float, { nullable: true, description: "In the org's currency, two decimals." })
  expectedRevenue!: number | null;

  @Field(() => DateScalar, { nullable: true })
  closingDate!: string | null;

  @Field(() => JSONScalar)
  customFields!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
