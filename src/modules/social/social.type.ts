import { Field, Int, ObjectType, createUnionType, registerEnumType } from "type-graphql";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar } from "../shared/scalars.js";
import { SocialNetwork } from "./social-profile.type.js";

/** SOC-2: what a post is, as the network reports it. */
export enum SocialPostKind {
  MENTION = "MENTION",
  DIRECT_MESSAGE = "DIRECT_MESSAGE",
  COMMENT = "COMMENT",
  REPLY = "REPLY",
  MESSAGE = "MESSAGE",
  OWN_POST = "OWN_POST",
  REPOST = "REPOST",
  LIKE = "LIKE",
}
registerEnumType(SocialPostKind, {
  name: "SocialPostKind",
  description: "MENTION of the org, DIRECT_MESSAGE (X), COMMENT, REPLY, MESSAGE (Facebook/Google+), OWN_POST (a post or tweet on the author's own timeline), REPOST (retweet), LIKE.",
});

/** SOC-4: the kinds that are conversations with the org. */
export const CONVERSATION_KINDS = [SocialPostKind.MENTION, SocialPostKind.DIRECT_MESSAGE, SocialPostKind.COMMENT, SocialPostKind.REPLY, SocialPostKind.MESSAGE];

export enum SocialViewMode {
  CONVERSATIONS = "CONVERSATIONS",
  STREAM = "STREAM",
}
registerEnumType(SocialViewMode, {
  name: "SocialViewMode",
  description: "CONVERSATIONS: mentions of the org, direct messages, comments, replies and messages. STREAM (X only): every post of the column's authors.",
});

export enum SocialDealFilter {
  CREATED_THIS_MONTH = "CREATED_THIS_MONTH",
  NEW_DEALS = "NEW_DEALS",
  TOP_10 = "TOP_10",
}
registerEnumType(SocialDealFilter, {
  name: "SocialDealFilter",
  description:
    "SOC-5, on the CUSTOMER_WITH_OPEN_DEALS column: authors whose contact has an open deal created this month (the org's time zone); contacts with exactly one deal; the contacts of the org's top 10 open deals by expected revenue (refreshed daily).",
});

export enum SocialColumnKind {
  KEYWORDS = "KEYWORDS",
  PEOPLE = "PEOPLE",
  MY_POSTS = "MY_POSTS",
}
registerEnumType(SocialColumnKind, {
  name: "SocialColumnKind",
  description: "KEYWORDS: a saved X search (at most 5 keywords). PEOPLE: the posts of at most 5 leads/contacts. MY_POSTS: what you published.",
});

export enum SocialActivityAction {
  STATUS_POSTED = "STATUS_POSTED",
  TWEET_POSTED = "TWEET_POSTED",
  REPLIED = "REPLIED",
  COMMENTED = "COMMENTED",
  MESSAGE_ANSWERED = "MESSAGE_ANSWERED",
  LEAD_ADDED = "LEAD_ADDED",
  CONTACT_ADDED = "CONTACT_ADDED",
  PROFILE_LINKED = "PROFILE_LINKED",
}
registerEnumType(SocialActivityAction, { name: "SocialActivityAction", description: "SOC-13: what a user did in the social tab." });

export const SocialRecord = createUnionType({
  name: "SocialRecord",
  description: "The lead or contact a social profile is linked to.",
  types: () => [Lead, Contact] as const,
  resolveType: (value: { __typename: string }) => value.__typename,
});

@ObjectType({ implements: Node, description: "One of the org's accounts on a social network (SOC-1)." })
export class SocialAccount extends Node implements Model {
  __typename!: "SocialAccount";
  dbId!: number;

  @Field(() => SocialNetwork)
  network!: SocialNetwork;

  @Field(() => String, { description: "Without a leading @." })
  handle!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => DateTimeScalar)
  connectedAt!: Date;

  @Field(() => Boolean, { description: "False once an admin disconnected it; its posts stay." })
  connected!: boolean;
}

@ObjectType({ description: "The image of a published post." })
export class SocialImage {
  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int, { description: "Bytes." })
  size!: number;
}

@ObjectType({ implements: Node, description: "A post seen on, or published to, one of the org's accounts (SOC-2)." })
export class SocialPost extends Node implements Model {
  __typename!: "SocialPost";
  dbId!: number;
  accountId!: number;
  authorProfileId!: number;
  publicationId!: number | null;
  publishedById!: number | null;
  imageUploadId?: number | null;

  @Field(() => SocialNetwork)
  network!: SocialNetwork;

  @Field(() => SocialPostKind)
  kind!: SocialPostKind;

  @Field(() => String, { nullable: true })
  text!: string | null;

  @Field(() => DateTimeScalar)
  postedAt!: Date;

  @Field(() => String, { nullable: true, description: "The original on the network." })
  url!: string | null;

  @Field(() => String, { description: "The network's id of the post." })
  externalId!: string;
}

@ObjectType({ description: "The result of ingesting a social post." })
export class IngestSocialPostPayload {
  @Field(() => SocialPost)
  post!: SocialPost;

  @Field(() => Boolean, { description: "True when the idempotency key or (account, externalId) was seen before: this is the first post, nothing new was stored." })
  duplicate!: boolean;
}

@ObjectType({ implements: Node, description: "One compose action: the same text (and image) published to one or more accounts (SOC-6)." })
export class SocialPublication extends Node implements Model {
  __typename!: "SocialPublication";
  dbId!: number;

  @Field(() => String)
  text!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => [SocialPost], { description: "One per account, in the order the accounts were given." })
  posts!: SocialPost[];

  @Field(() => SocialImage, { nullable: true })
  image!: SocialImage | null;
}

@ObjectType({ implements: Node, description: "A saved column of the social view (SOC-6, SOC-8, SOC-9)." })
export class SocialColumn extends Node implements Model {
  __typename!: "SocialColumn";
  dbId!: number;
  recordRefs!: { type: "lead" | "contact"; id: number }[];

  @Field(() => SocialColumnKind)
  kind!: SocialColumnKind;

  @Field(() => String)
  name!: string;

  @Field(() => [String])
  keywords!: string[];

  @Field(() => [SocialNetwork], { nullable: true, description: "Only these networks (SOC-7); null: all." })
  networks!: SocialNetwork[] | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({ implements: Node, description: "One of your own actions in the social tab (SOC-13)." })
export class SocialActivity extends Node implements Model {
  __typename!: "SocialActivity";
  dbId!: number;
  postId!: number | null;
  recordType!: string | null;
  recordId!: number | null;

  @Field(() => SocialActivityAction)
  action!: SocialActivityAction;

  @Field(() => String)
  summary!: string;

  @Field(() => DateTimeScalar)
  occurredAt!: Date;
}
