import { ArrayMaxSize, IsOptional, IsUrl, Length, Matches, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DateTimeScalar } from "../shared/scalars.js";
import { SocialNetwork } from "./social-profile.type.js";
import { SocialColumnKind, SocialPostKind } from "./social.type.js";

const HANDLE = /^@?[A-Za-z0-9_.]+$/;
const HANDLE_MESSAGE = { message: "must be a handle: letters, digits, _ and ." };

@InputType()
export class ConnectSocialAccountInput {
  @Field(() => SocialNetwork)
  network!: SocialNetwork;

  @Field(() => String)
  @Length(1, 100)
  @Matches(HANDLE, HANDLE_MESSAGE)
  handle!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  displayName?: string | null;
}

@InputType({ description: "The author of an ingested post: found or created among the org's social profiles by network and handle." })
export class SocialAuthorInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(HANDLE, HANDLE_MESSAGE)
  handle!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  displayName?: string | null;
}

@InputType()
export class IngestSocialPostInput {
  @Field(() => String, { description: "A repeated key returns the first post (duplicate: true)." })
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => ID, { description: "The org's connected account the post concerns." })
  accountId!: string;

  @Field(() => String, { description: "The network's id of the post: a repeat on the same account is a duplicate." })
  @Length(1, 200)
  externalId!: string;

  @Field(() => SocialPostKind)
  kind!: SocialPostKind;

  @Field(() => SocialAuthorInput)
  @ValidateNested()
  author!: SocialAuthorInput;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  text?: string | null;

  @Field(() => DateTimeScalar)
  postedAt!: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl({ protocols: ["http", "https"], require_protocol: true, require_tld: false })
  url?: string | null;
}

@InputType()
export class PublishSocialPostInput {
  @Field(() => [ID], { description: "Connected accounts of the org, at least one." })
  @ArrayMaxSize(20)
  accountIds!: string[];

  @Field(() => String)
  @Length(1, 5000)
  text!: string;

  @Field(() => ID, { nullable: true, description: "An upload of yours (`POST /uploads`): the one image of the post." })
  imageUploadId?: string | null;

  @Field(() => ID, { nullable: true, description: "Answer this post (a reply, a comment, or an answer to a message): its account only." })
  replyToPostId?: string | null;
}

@InputType()
export class CreateSocialColumnInput {
  @Field(() => SocialColumnKind)
  kind!: SocialColumnKind;

  @Field(() => String)
  @Length(1, 100)
  name!: string;

  @Field(() => [String], { nullable: true, description: "KEYWORDS columns: 1 to 5." })
  @IsOptional()
  @ArrayMaxSize(100)
  keywords?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "PEOPLE columns: 1 to 5 leads/contacts." })
  @IsOptional()
  @ArrayMaxSize(100)
  recordIds?: string[] | null;

  @Field(() => [SocialNetwork], { nullable: true, description: "Only these networks (SOC-7); KEYWORDS columns are X only." })
  @IsOptional()
  networks?: SocialNetwork[] | null;
}

@InputType()
export class LinkSocialProfileInput {
  @Field(() => ID)
  profileId!: string;

  @Field(() => ID, { description: "A lead or contact you may view." })
  recordId!: string;
}

@InputType()
export class AddSocialProfileAsLeadInput {
  @Field(() => ID)
  profileId!: string;

  @Field(() => String)
  @Length(1, 100)
  lastName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  company?: string | null;
}

@InputType()
export class AddSocialProfileAsContactInput {
  @Field(() => ID)
  profileId!: string;

  @Field(() => String)
  @Length(1, 100)
  lastName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  firstName?: string | null;

  @Field(() => ID, { nullable: true })
  accountId?: string | null;
}
