import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IsOptional, Length, Matches, Max, Min } from "class-validator";
import { ID } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";

export enum SocialNetwork {
  FACEBOOK = "FACEBOOK",
  X = "X",
}
registerEnumType(SocialNetwork, { name: "SocialNetwork" });

@ObjectType({ implements: Node, description: "A lead's or contact's account on a social network; signals can name the customer by it." })
export class SocialProfile extends Node implements Model {
  __typename!: "SocialProfile";
  dbId!: number;

  @Field(() => SocialNetwork)
  network!: SocialNetwork;

  @Field(() => String, { description: "Without a leading @." })
  handle!: string;

  @Field(() => Int, { nullable: true })
  followers!: number | null;
}

@InputType()
export class AddSocialProfileInput {
  @Field(() => ID, { description: "A lead or contact you may view." })
  recordId!: string;

  @Field(() => SocialNetwork)
  network!: SocialNetwork;

  @Field(() => String)
  @Length(1, 100)
  @Matches(/^@?[A-Za-z0-9_.]+$/, { message: "must be a handle: letters, digits, _ and ." })
  handle!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(2_000_000_000)
  followers?: number | null;
}
