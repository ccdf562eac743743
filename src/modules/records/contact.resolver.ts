import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { ConnectionType, PageArgs, parsePage, toConnection } from "../shared/connection.js";
import { selects } from "../shared/lookahead.js";
import { Account } from "./account.type.js";
import { Contact } from "./contact.type.js";
import * as service from "./contact.service.js";
import { Deal } from "./deal.type.js";
import { ContactFilter, ContactOrder, CreateContactInput, UpdateContactInput } from "./contact.input.js";
import { CustomerRecordResolver } from "./record.resolver-base.js";
import { CrmClass } from "./record.type.js";
import { crmClassOf } from "./deal-stage.js";

const ContactConnection = ConnectionType("Contact", () => Contact);
export const DealConnection = ConnectionType("Deal", () => Deal);
const NEWEST = "CREATED_AT:DESC";
/** The fields that read a contact's deal figures: a page asking for one reads them with its rows. */
const DEAL_STAT_FIELDS = ["openDealCount", "openDealAmount", "crmClass"];

@Resolver(() => Contact)
export class ContactResolver extends CustomerRecordResolver(Contact, "contact") {
  @Query(() => ContactConnection, { description: "Contacts you may view." })
  contacts(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => ContactFilter, { nullable: true }) filter: ContactFilter | null,
    @Arg("orderBy", () => ContactOrder, { nullable: true }) orderBy: ContactOrder | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return service.listContacts(ctx, { page, filter, orderBy, dealStats: selects(info, ["edges", "node"], DEAL_STAT_FIELDS) });
  }

  @FieldResolver(() => Account, { nullable: true })
  account(@Root() contact: Contact, @Ctx() ctx: RequestContext) {
    return contact.accountId ? ctx.loaders.records.byType.account.load(contact.accountId) : null;
  }

  @FieldResolver(() => DealConnection, { description: "The contact's deals you may view, newest first." })
  async deals(@Root() contact: Contact, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
    const page = parsePage(args, NEWEST);
    const rows = await ctx.loaders.records.dealsByContact(page).load(contact.dbId);
    return toConnection({
      rows,
      page,
      cursorOf: (d) => ({ key: NEWEST, value: d.createdAt.toISOString(), id: d.dbId }),
      toNode: (d) => d,
      count: () => ctx.loaders.records.dealCountByContact.load(contact.dbId),
    });
  }

  @FieldResolver(() => Int, { description: "Open deals of this contact, whoever owns them." })
  async openDealCount(@Root() contact: Contact, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.records.dealStatsByContact.load(contact.dbId)).openCount;
  }

  @FieldResolver(() => Float, { description: "Total amount of this contact's open deals, in the org's currency." })
  async openDealAmount(@Root() contact: Contact, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.records.dealStatsByContact.load(contact.dbId)).openAmount;
  }

  @FieldResolver(() => CrmClass)
  async crmClass(@Root() contact: Contact, @Ctx() ctx: RequestContext) {
    return crmClassOf("contact", await ctx.loaders.records.dealStatsByContact.load(contact.dbId));
  }

  @Mutation(() => Contact)
  createContact(@Arg("input", () => CreateContactInput) input: CreateContactInput, @Ctx() ctx: RequestContext) {
    return service.createContact(ctx, input);
  }

  @Mutation(() => Contact, { description: "Fields left out stay as they are; null clears a field." })
  updateContact(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateContactInput) input: UpdateContactInput, @Ctx() ctx: RequestContext) {
    return service.updateContact(ctx, id, input);
  }

  @Mutation(() => ID, { description: "Deletes the contact with its notes, attachments, tasks and history; its deals stay, unlinked." })
  deleteContact(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteContact(ctx, id);
  }
}
