import { IsOptional, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DateTimeScalar } from "../shared/scalars.js";
import { OrderDirection, RecordSortField } from "./record.type.js";

// Each module's filter and order inherit these fields; the base types themselves are never referenced.
@InputType()
export class RecordFilter {
  @Field(() => ID, { nullable: true, description: "Only records owned by this user." })
  ownerId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Created at or after." })
  createdFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Created before." })
  createdTo?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Modified at or after." })
  updatedFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Modified before." })
  updatedTo?: Date | null;

  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name, email or company." })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

// Each module's filter and order inherit these fields; the base types themselves are never referenced.
@InputType()
export class RecordOrder {
  @Field(() => RecordSortField, { defaultValue: RecordSortField.CREATED_AT })
  field!: RecordSortField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}
