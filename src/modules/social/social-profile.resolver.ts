import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../server/context.js";
import * as service from "./social-profile.service.js";
import { AddSocialProfileInput, SocialProfile } from "./social-profile.type.js";

@Resolver(() => SocialProfile)
export class SocialProfileResolver {
  @Mutation(() => SocialProfile, { description: "Link a social handle to a lead or contact you may view." })
  addSocialProfile(@Arg("input", () => AddSocialProfileInput) input: AddSocialProfileInput, @Ctx() ctx: RequestContext) {
    return service.addSocialProfile(ctx, input);
  }
}
