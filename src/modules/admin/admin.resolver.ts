import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { User } from "../identity/identity.type.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import type { RequestContext } from "../shared/context.js";
import { AuditLogFilter, DeleteUserInput } from "./admin.input.js";
import * as service from "./admin.service.js";
import { AuditEntry, ExportUserDataPayload } from "./admin.type.js";

const AuditEntryConnection = ConnectionType("AuditEntry", () => AuditEntry);

@Resolver(() => AuditEntry)
export class AdminResolver {
  @Mutation(() => ID, {
    description:
      "Delete a user (account and suite admins): every record they own moves to `reassignTo` in the same transaction; their history keeps naming them. Returns the deleted user's ID.",
  })
  deleteUser(@Arg("input", () => DeleteUserInput) input: DeleteUserInput, @Ctx() ctx: RequestContext) {
    return service.deleteUser(ctx, input);
  }

  @Mutation(() => ExportUserDataPayload, {
    description: "Prepare a download of everything a user owns (account and suite admins): GET `url` once with the same bearer token.",
  })
  exportUserData(@Arg("userId", () => ID) userId: string, @Ctx() ctx: RequestContext) {
    return service.exportUserData(ctx, userId);
  }

  @Query(() => AuditEntryConnection, { description: "The audit log, newest first (account and suite admins). Entries never change." })
  auditLog(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return service.auditLog(ctx, page, filter);
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return entry.actorUserId === null ? null : ctx.loaders.identity.users.load(entry.actorUserId);
  }
}
