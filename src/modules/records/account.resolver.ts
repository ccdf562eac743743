import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import { Account } from "./account.type.js";
import * as service from "./account.service.js";
import { AccountFilter, AccountOrder, CreateAccountInput, UpdateAccountInput } from "./account.input.js";
import { ParentRecordResolver } from "./record.resolver-base.js";

const AccountConnection = ConnectionType("Account", () => Account);

@Resolver(() => Account)
export class AccountResolver extends ParentRecordResolver(Account, "account") {
  @Query(() => AccountConnection, { description: "Accounts you may view." })
  accounts(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => AccountFilter, { nullable: true }) filter: AccountFilter | null,
    @Arg("orderBy", () => AccountOrder, { nullable: true }) orderBy: AccountOrder | null,
    @Ctx() ctx: RequestContext,
  ) {
    return service.listAccounts(ctx, { page, filter, orderBy });
  }

  @Mutation(() => Account)
  createAccount(@Arg("input", () => CreateAccountInput) input: CreateAccountInput, @Ctx() ctx: RequestContext) {
    return service.createAccount(ctx, input);
  }

  @Mutation(() => Account)
  updateAccount(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateAccountInput) input: UpdateAccountInput, @Ctx() ctx: RequestContext) {
    return service.updateAccount(ctx, id, input);
  }

  @Mutation(() => ID, { description: "Deletes the account with its notes, attachments and tasks; its contacts and deals stay, unlinked." })
  deleteAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteAccount(ctx, id);
  }
}
