import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import {
  AcceptInvitationInput,
  ChangeSubscriptionInput,
  SetAdminLevelInput,
  SetUserAppsInput,
  UpdateOrganizationInput,
  UpdateUserInput,
} from "./identity.input.js";
import { AcceptInvitationPayload, Organization, SubscriptionDetails, User } from "./identity.type.js";
import * as service from "./lifecycle.service.js";

/** The organisation's and its users' administration (ADM-2..5): who may do what is the operations matrix's. */
@Resolver()
export class LifecycleResolver {
  @Mutation(() => Organization, { description: "Change the organisation's name, time zone or portal URL (the account admin)." })
  updateOrganization(@Arg("input", () => UpdateOrganizationInput) input: UpdateOrganizationInput, @Ctx() ctx: RequestContext) {
    return service.updateOrganization(ctx, input);
  }

  @Mutation(() => User, {
    description: "Make another active user the account admin (the account admin). The previous one becomes a suite admin.",
  })
  changeAccountAdmin(@Arg("userId", () => ID) userId: string, @Ctx() ctx: RequestContext) {
    return service.changeAccountAdmin(ctx, userId);
  }

  @Mutation(() => User, { description: "Add (SUITE_ADMIN) or remove (NONE) a suite admin (account and suite admins)." })
  setAdminLevel(@Arg("input", () => SetAdminLevelInput) input: SetAdminLevelInput, @Ctx() ctx: RequestContext) {
    return service.setAdminLevel(ctx, input);
  }

  @Mutation(() => User, { description: "Change a user's name or email (account and suite admins)." })
  updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return service.updateUser(ctx, id, input);
  }

  @Mutation(() => User, {
    description: "Set the apps a user may reach and their role in each (account and suite admins; app admins for their own apps).",
  })
  setUserApps(@Arg("input", () => SetUserAppsInput) input: SetUserAppsInput, @Ctx() ctx: RequestContext) {
    return service.setUserApps(ctx, input);
  }

  @Mutation(() => User, {
    description: "Deactivate a user (account and suite admins): their tokens stop working and their WebSockets close at once; their records keep them as owner.",
  })
  deactivateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deactivateUser(ctx, id);
  }

  @Mutation(() => User, { description: "Activate a deactivated user again (account and suite admins)." })
  activateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.activateUser(ctx, id);
  }

  @Mutation(() => User, {
    description: "Issue a fresh invitation token for an invited user, revoking the previous one (account and suite admins). The token is in `invitationToken`.",
  })
  reinviteUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.reinviteUser(ctx, id);
  }

  @Mutation(() => AcceptInvitationPayload, {
    description: "Accept an invitation: the invited user becomes active and gets an API token. Needs no Authorization header.",
  })
  acceptInvitation(@Arg("input", () => AcceptInvitationInput) input: AcceptInvitationInput, @Ctx() ctx: RequestContext) {
    return service.acceptInvitation(ctx, input);
  }

  @Query(() => SubscriptionDetails, { description: "The plan and its use (account and suite admins, and app admins)." })
  subscriptionDetails(@Ctx() ctx: RequestContext) {
    return service.subscriptionDetails(ctx);
  }

  @Mutation(() => SubscriptionDetails, { description: "Change the plan (account and suite admins). A stand-in without payments." })
  changeSubscription(@Arg("input", () => ChangeSubscriptionInput) input: ChangeSubscriptionInput, @Ctx() ctx: RequestContext) {
    return service.changeSubscription(ctx, input);
  }
}
