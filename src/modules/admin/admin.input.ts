import { IsOptional, Length, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DateTimeScalar } from "../shared/scalars.js";

@InputType()
export class DeleteUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The active user of the organisation who takes over every record the deleted user owns." })
  reassignTo!: string;
}

@InputType()
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: "A user's or an integration key's ID." })
  @IsOptional()
  actorId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  targetId?: string | null;

  @Field(() => String, { nullable: true, description: "An exact action, e.g. `user.deactivated`." })
  @IsOptional()
  @Length(1, 100)
  action?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Entries at or after this time." })
  @IsOptional()
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Entries before this time." })
  @IsOptional()
  to?: Date | null;
}
