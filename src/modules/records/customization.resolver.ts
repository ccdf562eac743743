import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { User } from "../identity/identity.type.js";
import { ConnectionType, PageArgs } from "../shared/connection.js";
import { AddPicklistValueInput, CreateCustomFieldInput, SetPicklistHistoryInput } from "./customization.input.js";
import * as customFields from "./custom-field.service.js";
import { CrmModule, CustomField, Picklist, PicklistChange } from "./customization.type.js";
import { listPicklistHistory } from "./history.service.js";
import * as picklists from "./picklist.service.js";

const PicklistChangeConnection = ConnectionType("PicklistChange", () => PicklistChange);

@ArgsType()
class PicklistHistoryArgs extends PageArgs {
  @Field(() => ID, { description: "A lead, contact, account or deal." })
  recordId!: string;

  @Field(() => String, { nullable: true, description: "Only this field's changes." })
  field?: string | null;
}

@Resolver(() => PicklistChange)
export class CustomizationResolver {
  @Query(() => [Picklist], { description: "The module's picklists and their values." })
  picklists(@Arg("module", () => CrmModule) module: CrmModule, @Ctx() ctx: RequestContext) {
    return picklists.listPicklists(ctx, module);
  }

  @Query(() => [CustomField], { description: "The module's custom field definitions." })
  customFields(@Arg("module", () => CrmModule) module: CrmModule, @Ctx() ctx: RequestContext) {
    return customFields.listCustomFields(ctx, module);
  }

  @Query(() => PicklistChangeConnection, { description: "Recorded picklist value changes of a record, newest first." })
  picklistHistory(@Args(() => PicklistHistoryArgs) args: PicklistHistoryArgs, @Ctx() ctx: RequestContext) {
    return listPicklistHistory(ctx, args);
  }

  @FieldResolver(() => User, { nullable: true })
  changedBy(@Root() change: PicklistChange, @Ctx() ctx: RequestContext) {
    return change.changedById ? ctx.loaders.identity.users.load(change.changedById) : null;
  }

  @Mutation(() => Picklist, { description: "Add a value to a picklist (CRM admins)." })
  addPicklistValue(@Arg("input", () => AddPicklistValueInput) input: AddPicklistValueInput, @Ctx() ctx: RequestContext) {
    return picklists.addPicklistValue(ctx, input);
  }

  @Mutation(() => Picklist, { description: "Turn a picklist's value history on or off (CRM admins). Only later changes are recorded." })
  setPicklistHistory(@Arg("input", () => SetPicklistHistoryInput) input: SetPicklistHistoryInput, @Ctx() ctx: RequestContext) {
    return picklists.setPicklistHistory(ctx, input);
  }

  @Mutation(() => CustomField, { description: "Define a custom field on a module (CRM admins)." })
  createCustomField(@Arg("input", () => CreateCustomFieldInput) input: CreateCustomFieldInput, @Ctx() ctx: RequestContext) {
    return customFields.createCustomField(ctx, input);
  }
}
