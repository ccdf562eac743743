import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import { Account } from "./account.type.js";
import { Contact } from "./contact.type.js";
import { Deal } from "./deal.type.js";
import { Lead } from "./lead.type.js";
import * as service from "./lead.service.js";
import { ConvertLeadInput, CreateLeadInput, LeadFilter, LeadOrder, UpdateLeadInput } from "./lead.input.js";
import { CustomerRecordResolver } from "./record.resolver-base.js";
import { CrmClass } from "./record.type.js";

const LeadConnection = ConnectionType("Lead", () => Lead);

@ObjectType({ description: "What a lead became." })
export class ConvertLeadPayload {
  @Field(() => Contact)
  contact!: Contact;

  @Field(() => Account, { nullable: true, description: "The account of the lead's company: found by name, or created. Null without a company." })
  account!: Account | null;

  @Field(() => Deal, { nullable: true })
  deal!: Deal | null;
}

@Resolver(() => Lead)
export class LeadResolver extends CustomerRecordResolver(Lead, "lead") {
  @Query(() => LeadConnection, { description: "Leads you may view." })
  leads(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => LeadFilter, { nullable: true }) filter: LeadFilter | null,
    @Arg("orderBy", () => LeadOrder, { nullable: true }) orderBy: LeadOrder | null,
    @Ctx() ctx: RequestContext,
  ) {
    return service.listLeads(ctx, { page, filter, orderBy });
  }

  @FieldResolver(() => CrmClass, { description: "Always LEAD_OR_CONTACT for a lead." })
  crmClass() {
    return CrmClass.LEAD_OR_CONTACT;
  }

  @Mutation(() => Lead)
  createLead(@Arg("input", () => CreateLeadInput) input: CreateLeadInput, @Ctx() ctx: RequestContext) {
    return service.createLead(ctx, input);
  }

  @Mutation(() => Lead, { description: "Fields left out stay as they are; null clears a field." })
  updateLead(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateLeadInput) input: UpdateLeadInput, @Ctx() ctx: RequestContext) {
    return service.updateLead(ctx, id, input);
  }

  @Mutation(() => ID, { description: "Deletes the lead with its notes, attachments, tasks and history. Returns its ID." })
  deleteLead(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteLead(ctx, id);
  }

  @Mutation(() => ConvertLeadPayload, { description: "Convert a lead into a contact, its company's account and an optional deal, in one transaction." })
  convertLead(@Arg("input", () => ConvertLeadInput) input: ConvertLeadInput, @Ctx() ctx: RequestContext) {
    return service.convertLead(ctx, input);
  }
}
