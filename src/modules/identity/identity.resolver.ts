import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import { requireViewer } from "../shared/viewer.js";
import { CreateOrganizationInput, CreateUserInput } from "./identity.input.js";
import * as service from "./identity.service.js";
import {
  ApiToken,
  AppAccess,
  CreateApiTokenPayload,
  CreateIntegrationKeyPayload,
  CreateOrganizationPayload,
  CreateUserPayload,
  Organization,
  User,
} from "./identity.type.js";

const UserConnection = ConnectionType("User", () => User);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: "The user the token belongs to." })
  me(@Ctx() ctx: RequestContext) {
    return service.me(ctx);
  }

  @Query(() => UserConnection, { description: "The users of your organisation, oldest first." })
  users(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return service.listUsers(ctx, page);
  }

  @Query(() => [ApiToken], { description: "Your personal API tokens (never their secrets)." })
  apiTokens(@Ctx() ctx: RequestContext) {
    return service.listApiTokens(ctx);
  }

  @FieldResolver(() => Organization)
  organization(@Root() user: User, @Ctx() ctx: RequestContext) {
    return service.getOrganization(ctx, user.orgId);
  }

  @FieldResolver(() => [AppAccess], { description: "The apps this user may reach, with their role in each." })
  apps(@Root() user: User, @Ctx() ctx: RequestContext) {
    return ctx.loaders.identity.appRoles.load(user.dbId);
  }

  @Mutation(() => CreateOrganizationPayload, {
    description: "Bootstrap a new organisation and its account admin. Needs the `X-Bootstrap-Secret` header.",
  })
  createOrganization(@Arg("input", () => CreateOrganizationInput) input: CreateOrganizationInput, @Ctx() ctx: RequestContext) {
    return service.createOrganization(ctx, input);
  }

  @Mutation(() => CreateUserPayload, { description: "Add a user to your organisation (account and suite admins)." })
  createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: RequestContext) {
    return service.createUser(ctx, input);
  }

  @Mutation(() => CreateIntegrationKeyPayload, { description: "Create an org integration key (CRM admins). Shown once." })
  createIntegrationKey(
    @Arg("name", () => String) name: string,
    @Arg("requireSignature", () => Boolean, {
      defaultValue: false,
      description: "Refuse webhook pushes with this key unless they are signed with the returned `signingSecret`.",
    })
    requireSignature: boolean,
    @Ctx() ctx: RequestContext,
  ) {
    return service.createIntegrationKey(ctx, name, requireSignature);
  }

  @Mutation(() => Boolean, { description: "Revoke an integration key: it stops working at once." })
  revokeIntegrationKey(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.revokeIntegrationKey(ctx, id);
  }

  @Mutation(() => CreateApiTokenPayload, { description: "Create another personal API token. Shown once." })
  createApiToken(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext) {
    return service.createApiToken(ctx, name);
  }

  @Mutation(() => Boolean, { description: "Revoke one of your API tokens: it stops working at once." })
  revokeApiToken(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    requireViewer(ctx.viewer);
    return service.revokeApiToken(ctx, id);
  }
}
