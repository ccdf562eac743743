import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, type ClassType } from "type-graphql";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import type { Model } from "../shared/node.type.js";
import type { RequestContext } from "../shared/context.js";
import * as service from "./social-profile.service.js";
import { AddSocialProfileInput, SocialProfile } from "./social-profile.type.js";

@Resolver(() => SocialProfile)
export class SocialProfileResolver {
  @Mutation(() => SocialProfile, { description: "Link a social handle to a lead or contact you may view." })
  addSocialProfile(@Arg("input", () => AddSocialProfileInput) input: AddSocialProfileInput, @Ctx() ctx: RequestContext) {
    return service.addSocialProfile(ctx, input);
  }
}

/** `socialProfiles` on leads and contacts: the social module's field on records'. */
function CustomerSocialResolver<T extends Model>(objectType: ClassType<T>, recordType: "lead" | "contact") {
  @Resolver(() => objectType)
  abstract class CustomerSocial {
    @FieldResolver(() => [SocialProfile], { description: "Social network handles linked to this person." })
    socialProfiles(@Root() record: T, @Ctx() ctx: RequestContext) {
      return ctx.loaders.social.profiles(recordType).load(record.dbId);
    }
  }
  return CustomerSocial;
}

@Resolver(() => Lead)
export class LeadSocialResolver extends CustomerSocialResolver(Lead, "lead") {}

@Resolver(() => Contact)
export class ContactSocialResolver extends CustomerSocialResolver(Contact, "contact") {}
