import { Field, Float, Int, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";

@ObjectType({ implements: Node, description: "A prospective customer." })
export class Lead extends Node implements Model {
  __typename!: "Lead";
  dbId!: number;
  ownerId!: number;

  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { description: "First and last name." })
  name!: string;

  @Field(() => String, { nullable: true })
  company!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: "A value of the org's lead status picklist." })
  status!: string | null;

  @Field(() => String, { nullable: true, description: "A value of the org's lead source picklist." })
  source!: string | null;

  @Field(() => Float, { nullable: true, description: "In the org's currency, two decimals." })
  annualRevenue!: number | null;

  @Field(() => Int, { nullable: true })
  employees!: number | null;

  @Field(() => JSONScalar, { description: "Values of the module's custom fields, by field name." })
  customFields!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
