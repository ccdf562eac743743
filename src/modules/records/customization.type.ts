import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../shared/scalars.js";
import { Node, type Model } from "../shared/node.type.js";
import { User } from "../identity/identity.type.js";

export enum CrmModule {
  LEADS = "LEADS",
  CONTACTS = "CONTACTS",
  ACCOUNTS = "ACCOUNTS",
  DEALS = "DEALS",
  TASKS = "TASKS",
}
registerEnumType(CrmModule, { name: "CrmModule", description: "A module of CRM records." });

export enum CustomFieldType {
  TEXT = "TEXT",
  NUMBER = "NUMBER",
  DATE = "DATE",
  PICKLIST = "PICKLIST",
  BOOLEAN = "BOOLEAN",
}
registerEnumType(CustomFieldType, {
  name: "CustomFieldType",
  description: "TEXT: a string of up to 2000 characters; NUMBER: a finite number; DATE: `YYYY-MM-DD`; PICKLIST: one of the field's values; BOOLEAN.",
});

@ObjectType({ description: "A picklist field of a module and its allowed values, in display order." })
export class Picklist {
  @Field(() => CrmModule)
  module!: CrmModule;

  @Field(() => String, { description: "The field's API name, e.g. `status` or a custom field's name." })
  field!: string;

  @Field(() => [String])
  values!: string[];

  @Field(() => [String], { description: "Values that cannot be removed because they carry meaning (closed deal stages)." })
  reservedValues!: string[];

  @Field(() => Boolean, { description: "Whether value changes are being recorded." })
  historyEnabled!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "Since when changes are recorded; earlier changes are not." })
  historyEnabledAt!: Date | null;
}

@ObjectType({ implements: Node, description: "An extra field an org defines on a module." })
export class CustomField extends Node implements Model {
  __typename!: "CustomField";
  dbId!: number;

  @Field(() => CrmModule)
  module!: CrmModule;

  @Field(() => String, { description: "The key in `customFields`." })
  name!: string;

  @Field(() => String)
  label!: string;

  @Field(() => CustomFieldType)
  type!: CustomFieldType;

  @Field(() => Boolean)
  required!: boolean;

  @Field(() => [String], { description: "The allowed values of a PICKLIST field; empty for other types." })
  options!: string[];
}

@ObjectType({ description: "One recorded change of a picklist value." })
export class PicklistChange {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  field!: string;

  @Field(() => String, { nullable: true })
  oldValue!: string | null;

  @Field(() => String, { nullable: true })
  newValue!: string | null;

  @Field(() => DateTimeScalar)
  changedAt!: Date;

  @Field(() => User, { nullable: true, description: "Who made the change; null when that user was deleted." })
  changedBy!: User | null;

  changedById!: number | null;
}
