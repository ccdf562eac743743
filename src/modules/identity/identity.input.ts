import { IsEmail, IsOptional, Length, MaxLength, ValidateNested, ArrayMaxSize } from "class-validator";
import { Field, InputType } from "type-graphql";
import { App, AppRole } from "../shared/viewer.js";

@InputType()
export class AdminInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => String)
  @IsEmail()
  @MaxLength(320)
  email!: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => String, { defaultValue: "UTC", description: "IANA time zone, e.g. `Europe/Paris`." })
  @Length(1, 64)
  timeZone!: string;

  @Field(() => Boolean, { defaultValue: false })
  trial!: boolean;

  @Field(() => AdminInput)
  @ValidateNested()
  admin!: AdminInput;
}

@InputType()
export class AppAccessInput {
  @Field(() => App)
  app!: App;

  @Field(() => AppRole)
  role!: AppRole;
}

@InputType()
export class CreateUserInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => String)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field(() => [AppAccessInput], {
    nullable: true,
    description: "Apps the user may reach and their role in each; defaults to CRM as USER.",
  })
  @IsOptional()
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  apps?: AppAccessInput[] | null;
}
