import { ArrayMaxSize, IsOptional, Length, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { CrmModule, CustomFieldType } from "./customization.type.js";

@InputType()
export class AddPicklistValueInput {
  @Field(() => CrmModule)
  module!: CrmModule;

  @Field(() => String)
  @Length(1, 64)
  field!: string;

  @Field(() => String)
  @Length(1, 100)
  value!: string;
}

@InputType()
export class SetPicklistHistoryInput {
  @Field(() => CrmModule)
  module!: CrmModule;

  @Field(() => String)
  @Length(1, 64)
  field!: string;

  @Field(() => Boolean, { description: "Turning history off keeps what was recorded; turning it on again starts a new span." })
  enabled!: boolean;
}

@InputType()
export class CreateCustomFieldInput {
  @Field(() => CrmModule)
  module!: CrmModule;

  @Field(() => String, { description: "API name: a letter, then letters, digits or `_`, at most 64 characters." })
  @Matches(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { message: "must start with a letter and hold only letters, digits and _" })
  name!: string;

  @Field(() => String)
  @Length(1, 100)
  label!: string;

  @Field(() => CustomFieldType)
  type!: CustomFieldType;

  @Field(() => Boolean, { defaultValue: false })
  required!: boolean;

  @Field(() => [String], { nullable: true, description: "Required for PICKLIST, refused for other types." })
  @IsOptional()
  @ArrayMaxSize(500)
  @Length(1, 100, { each: true })
  options?: string[] | null;
}
