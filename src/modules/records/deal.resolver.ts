import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { PageArgs } from "../shared/connection.js";
import { Account } from "./account.type.js";
import { DealConnection } from "./contact.resolver.js";
import { Contact } from "./contact.type.js";
import { Deal } from "./deal.type.js";
import * as service from "./deal.service.js";
import { CreateDealInput, DealFilter, DealOrder, UpdateDealInput } from "./deal.input.js";
import { ParentRecordResolver } from "./record.resolver-base.js";

@Resolver(() => Deal)
export class DealResolver extends ParentRecordResolver(Deal, "deal") {
  @Query(() => DealConnection, { description: "Deals you may view." })
  deals(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => DealFilter, { nullable: true }) filter: DealFilter | null,
    @Arg("orderBy", () => DealOrder, { nullable: true }) orderBy: DealOrder | null,
    @Ctx() ctx: RequestContext,
  ) {
    return service.listDeals(ctx, { page, filter, orderBy });
  }

  @FieldResolver(() => Contact, { nullable: true })
  contact(@Root() deal: Deal, @Ctx() ctx: RequestContext) {
    return deal.contactId ? ctx.loaders.records.byType.contact.load(deal.contactId) : null;
  }

  @FieldResolver(() => Account, { nullable: true })
  account(@Root() deal: Deal, @Ctx() ctx: RequestContext) {
    return deal.accountId ? ctx.loaders.records.byType.account.load(deal.accountId) : null;
  }

  @Mutation(() => Deal)
  createDeal(@Arg("input", () => CreateDealInput) input: CreateDealInput, @Ctx() ctx: RequestContext) {
    return service.createDeal(ctx, input);
  }

  @Mutation(() => Deal, { description: "Fields left out stay as they are; null clears a field." })
  updateDeal(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateDealInput) input: UpdateDealInput, @Ctx() ctx: RequestContext) {
    return service.updateDeal(ctx, id, input);
  }

  @Mutation(() => ID)
  deleteDeal(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteDeal(ctx, id);
  }
}
