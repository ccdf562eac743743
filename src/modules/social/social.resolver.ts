import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, type ClassType } from "type-graphql";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import type { RecordType } from "../records/record-kind.js";
import { CrmClass } from "../records/record.type.js";
import { User } from "../identity/identity.type.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import type { RequestContext } from "../shared/context.js";
import type { Model } from "../shared/node.type.js";
import * as columns from "./social-column.service.js";
import * as publishing from "./social-publish.service.js";
import { SocialNetwork, SocialProfile } from "./social-profile.type.js";
import {
  AddSocialProfileAsContactInput,
  AddSocialProfileAsLeadInput,
  ConnectSocialAccountInput,
  CreateSocialColumnInput,
  IngestSocialPostInput,
  LinkSocialProfileInput,
  PublishSocialPostInput,
} from "./social.input.js";
import * as social from "./social.service.js";
import {
  IngestSocialPostPayload,
  SocialAccount,
  SocialActivity,
  SocialColumn,
  SocialDealFilter,
  SocialImage,
  SocialPost,
  SocialPublication,
  SocialRecord,
  SocialViewMode,
} from "./social.type.js";

const SocialPostConnection = ConnectionType("SocialPost", () => SocialPost);
const SocialActivityConnection = ConnectionType("SocialActivity", () => SocialActivity);

const loadRecord = (ctx: RequestContext, type: string | null, id: number | null) =>
  type && id && (type === "lead" || type === "contact") ? ctx.loaders.records.byType[type as RecordType].load(id) : null;

@Resolver(() => SocialAccount)
export class SocialAccountResolver {
  @Mutation(() => SocialAccount, { description: "SOC-1: connect one of the org's accounts on a network. Social admins only." })
  connectSocialAccount(@Arg("input", () => ConnectSocialAccountInput) input: ConnectSocialAccountInput, @Ctx() ctx: RequestContext) {
    return social.connectAccount(ctx, input);
  }

  @Mutation(() => ID, { description: "SOC-1: disconnect an account (its posts stay). Social admins only." })
  disconnectSocialAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return social.disconnectAccount(ctx, id);
  }

  @Query(() => [SocialAccount], { description: "The org's connected accounts." })
  socialAccounts(@Ctx() ctx: RequestContext) {
    return social.listAccounts(ctx);
  }
}

@Resolver(() => SocialPost)
export class SocialPostResolver {
  @Mutation(() => IngestSocialPostPayload, { description: "SOC-2: the network connector pushes a post, with the integration key. Also `POST /webhooks/social-posts`." })
  ingestSocialPost(@Arg("input", () => IngestSocialPostInput) input: IngestSocialPostInput, @Ctx() ctx: RequestContext) {
    return social.ingestPost(ctx, input);
  }

  @Query(() => SocialPostConnection, {
    description: "SOC-3..5, SOC-7: one column of the CRM view, newest first: the posts whose author is of this CRM class now.",
  })
  socialPosts(
    @Arg("column", () => CrmClass) column: CrmClass,
    @Arg("mode", () => SocialViewMode, { defaultValue: SocialViewMode.CONVERSATIONS }) mode: SocialViewMode,
    @Arg("networks", () => [SocialNetwork], { nullable: true }) networks: SocialNetwork[] | null,
    @Arg("dealFilter", () => SocialDealFilter, { nullable: true }) dealFilter: SocialDealFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return social.listPosts(ctx, { column, mode, networks, dealFilter, page });
  }

  @Mutation(() => SocialPublication, {
    description:
      "SOC-6: publish to some of the org's connected accounts, with at most one image uploaded first (`POST /uploads`). An image over a chosen network's limit (X 5 MB, Facebook 25 MB, Google+ 36 MB) is refused and nothing is published.",
  })
  publishSocialPost(@Arg("input", () => PublishSocialPostInput) input: PublishSocialPostInput, @Ctx() ctx: RequestContext) {
    return publishing.publishPost(ctx, input);
  }

  @FieldResolver(() => SocialAccount)
  account(@Root() post: SocialPost, @Ctx() ctx: RequestContext) {
    return ctx.loaders.social.accounts.load(post.accountId);
  }

  @FieldResolver(() => SocialProfile)
  author(@Root() post: SocialPost, @Ctx() ctx: RequestContext) {
    return ctx.loaders.social.profilesById.load(post.authorProfileId);
  }

  @FieldResolver(() => CrmClass, { description: "The author's CRM class as it is now (UNKNOWN: not linked to a lead or contact)." })
  crmClass(@Root() post: SocialPost, @Ctx() ctx: RequestContext) {
    return ctx.loaders.social.crmClass.load(post.authorProfileId);
  }

  @FieldResolver(() => SocialRecord, { nullable: true, description: "The author's lead or contact; null when unknown or when you may not view it." })
  async record(@Root() post: SocialPost, @Ctx() ctx: RequestContext) {
    const author = await ctx.loaders.social.profilesById.load(post.authorProfileId);
    return author ? loadRecord(ctx, author.recordType, author.recordId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who published it from the social tab; null for ingested posts." })
  publishedBy(@Root() post: SocialPost, @Ctx() ctx: RequestContext) {
    return post.publishedById ? ctx.loaders.identity.users.load(post.publishedById) : null;
  }
}

@Resolver(() => SocialPublication)
export class SocialPublicationResolver {
  @FieldResolver(() => SocialImage, { nullable: true })
  image(@Root() p: SocialPublication) {
    return p.image;
  }
}

@Resolver(() => SocialColumn)
export class SocialColumnResolver {
  @Mutation(() => SocialColumn, {
    description: "SOC-6, SOC-8..10: save a column. KEYWORDS: X only, 1 to 5 keywords. PEOPLE: 1 to 5 leads/contacts. At most 20 keywords plus people over all your columns.",
  })
  createSocialColumn(@Arg("input", () => CreateSocialColumnInput) input: CreateSocialColumnInput, @Ctx() ctx: RequestContext) {
    return columns.createColumn(ctx, input);
  }

  @Mutation(() => ID)
  deleteSocialColumn(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return columns.deleteColumn(ctx, id);
  }

  @Query(() => [SocialColumn], { description: "Your saved columns." })
  socialColumns(@Ctx() ctx: RequestContext) {
    return columns.listColumns(ctx);
  }

  @FieldResolver(() => [SocialRecord], { description: "The leads and contacts a PEOPLE column follows (those you may view)." })
  async records(@Root() column: SocialColumn, @Ctx() ctx: RequestContext) {
    const found = await Promise.all(column.recordRefs.map((r) => loadRecord(ctx, r.type, r.id)));
    return found.filter((r) => r !== null);
  }

  @FieldResolver(() => SocialPostConnection, { description: "Refreshing gives the latest: newest first." })
  posts(@Root() column: SocialColumn, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return columns.columnPosts(ctx, column, page);
  }
}

@Resolver(() => SocialProfile)
export class SocialProfileDetailResolver {
  @Mutation(() => SocialProfile, { description: "SOC-11: link an unknown author to a lead or contact you may view; their posts move columns at once." })
  linkSocialProfile(@Arg("input", () => LinkSocialProfileInput) input: LinkSocialProfileInput, @Ctx() ctx: RequestContext) {
    return social.linkProfile(ctx, input);
  }

  @Mutation(() => Lead, { description: "SOC-11: a new lead of yours from an unknown author, the profile linked to it." })
  async addSocialProfileAsLead(@Arg("input", () => AddSocialProfileAsLeadInput) input: AddSocialProfileAsLeadInput, @Ctx() ctx: RequestContext) {
    const ref = await social.addProfileAs(ctx, "lead", input);
    return ctx.loaders.records.byType.lead.load(ref.id);
  }

  @Mutation(() => Contact, { description: "SOC-11: a new contact of yours from an unknown author, the profile linked to it." })
  async addSocialProfileAsContact(@Arg("input", () => AddSocialProfileAsContactInput) input: AddSocialProfileAsContactInput, @Ctx() ctx: RequestContext) {
    const ref = await social.addProfileAs(ctx, "contact", input);
    return ctx.loaders.records.byType.contact.load(ref.id);
  }

  @FieldResolver(() => CrmClass, { description: "SOC-12: the CRM class of the linked lead/contact now; UNKNOWN when unlinked." })
  crmClass(@Root() profile: SocialProfile, @Ctx() ctx: RequestContext) {
    return ctx.loaders.social.crmClass.load(profile.dbId);
  }

  @FieldResolver(() => SocialRecord, { nullable: true, description: "SOC-12: the linked lead or contact (its info, deals, notes, tasks and timeline); null when unlinked or not yours to view." })
  record(@Root() profile: SocialProfile, @Ctx() ctx: RequestContext) {
    return loadRecord(ctx, profile.recordType, profile.recordId);
  }

  @FieldResolver(() => SocialPostConnection, { description: "SOC-12: the author's posts seen on the org's accounts, newest first (for X: posts, reposts, mentions, replies)." })
  posts(@Root() profile: SocialProfile, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return social.listProfilePosts(ctx, profile, page);
  }
}

@Resolver(() => SocialActivity)
export class SocialActivityResolver {
  @Query(() => SocialActivityConnection, { description: "SOC-13: your own actions in the social tab, newest first." })
  socialActivity(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return social.listActivity(ctx, page);
  }

  @FieldResolver(() => SocialPost, { nullable: true })
  post(@Root() a: SocialActivity, @Ctx() ctx: RequestContext) {
    return a.postId ? ctx.loaders.social.posts.load(a.postId) : null;
  }

  @FieldResolver(() => SocialRecord, { nullable: true })
  record(@Root() a: SocialActivity, @Ctx() ctx: RequestContext) {
    return loadRecord(ctx, a.recordType, a.recordId);
  }
}

/** SOC-14: `socialInteractions` on leads and contacts. */
function CustomerInteractionsResolver<T extends Model>(objectType: ClassType<T>, recordType: "lead" | "contact") {
  @Resolver(() => objectType)
  abstract class CustomerInteractions {
    @FieldResolver(() => SocialPostConnection, { description: "SOC-14: every post of this person's social profiles on the org's accounts, newest first. Needs the Social app." })
    socialInteractions(@Root() record: T, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
      return social.listRecordInteractions(ctx, { type: recordType, id: record.dbId }, page);
    }
  }
  return CustomerInteractions;
}

@Resolver(() => Lead)
export class LeadInteractionsResolver extends CustomerInteractionsResolver(Lead, "lead") {}

@Resolver(() => Contact)
export class ContactInteractionsResolver extends CustomerInteractionsResolver(Contact, "contact") {}
