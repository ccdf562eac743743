import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IsOptional, Length, Matches, Max, Min } from "class-validator";
import { ID } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";

export enum SocialNetwork {
  FACEBOOK = "FACEBOOK",
  X = "X",
  GOOGLE_PLUS = "GOOGLE_PLUS",
}
registerEnumType(SocialNetwork, { name: "SocialNetwork", description: "The social networks the CRM connects to; the list grows." });

@ObjectType({ implements: Node, description: "An account on a social network: a lead's or contact's (signals can name the customer by it), or a post author not linked to any yet." })
export class SocialProfile extends Node implements Model {
  __typename!: "SocialProfile";
  dbId!: number;

  @Field(() => SocialNetwork)
  network!: SocialNetwork;

  @Field(() => String, { description: "Without a leading @." })
  handle!: string;

  @Field(() => String, { nullable: true, description: "The name the network shows, as last seen on a post." })
  displayName!: string | null;

  @Field(() => Int, { nullable: true })
  followers!: number | null;

  /** The lead or contact it is linked to, if any. */
  recordType!: string | null;
  recordId!: number | null;
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
