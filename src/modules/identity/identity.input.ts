import { IsEmail, IsOptional, Length, MaxLength, ValidateNested, ArrayMaxSize } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { SubscriptionPlan } from "./identity.type.js";
import { AdminLevel, App, AppRole } from "../shared/viewer.js";

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

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Invite instead of adding an active user: the user is INVITED, counts against the trial limit, and `token` is their invitation token (accepted with `acceptInvitation`), not an API token.",
  })
  invite!: boolean;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone, e.g. `Europe/Paris`." })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: "An http(s) URL of at most 300 characters." })
  @IsOptional()
  @MaxLength(300)
  portalUrl?: string | null;
}

@InputType()
export class SetAdminLevelInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => AdminLevel, { description: "SUITE_ADMIN or NONE: the account admin changes with `changeAccountAdmin`." })
  level!: AdminLevel;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;
}

@InputType()
export class SetUserAppsInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => [AppAccessInput], { description: "Every app the user may reach afterwards, with their role: the list replaces the current one." })
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  apps!: AppAccessInput[];
}

@InputType()
export class AcceptInvitationInput {
  @Field(() => String)
  @Length(1, 200)
  token!: string;
}

@InputType()
export class ChangeSubscriptionInput {
  @Field(() => SubscriptionPlan, { description: "A paid plan (not TRIAL): lifts the trial's user limit." })
  plan!: SubscriptionPlan;
}
