import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../shared/scalars.js";
import { Node, type Model } from "../shared/node.type.js";
import { AdminLevel, App, AppRole } from "../shared/viewer.js";

export enum UserStatus {
  ACTIVE = "ACTIVE",
  INACTIVE = "INACTIVE",
  INVITED = "INVITED",
  DELETED = "DELETED",
}
registerEnumType(UserStatus, {
  name: "UserStatus",
  description:
    "ACTIVE users work; INVITED users have not accepted their invitation yet; INACTIVE (deactivated) users cannot authenticate; DELETED users are gone but still named by the history they made.",
});

export enum SubscriptionPlan {
  TRIAL = "TRIAL",
  STANDARD = "STANDARD",
  PROFESSIONAL = "PROFESSIONAL",
  ENTERPRISE = "ENTERPRISE",
}
registerEnumType(SubscriptionPlan, {
  name: "SubscriptionPlan",
  description: "The organisation's plan. TRIAL limits the organisation to 10 active and invited users; any other plan lifts it.",
});

@ObjectType({ implements: Node, description: "A tenant: every record belongs to exactly one organisation." })
export class Organization extends Node implements Model {
  __typename!: "Organization";
  dbId!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "IANA time zone used for dates and periods, e.g. `Asia/Tokyo`." })
  timeZone!: string;

  @Field(() => Boolean, { description: "Trial organisations may have at most 10 active and invited users." })
  trial!: boolean;

  @Field(() => SubscriptionPlan)
  plan!: SubscriptionPlan;

  @Field(() => String, { nullable: true, description: "The organisation's portal address, set by the account admin." })
  portalUrl!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({ description: "A user's role in one app." })
export class AppAccess {
  @Field(() => App)
  app!: App;

  @Field(() => AppRole)
  role!: AppRole;
}

@ObjectType({ implements: Node, description: "A person who uses the CRM." })
export class User extends Node implements Model {
  __typename!: "User";
  dbId!: number;
  orgId!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "Unique within the organisation (case-insensitive)." })
  email!: string;

  @Field(() => UserStatus)
  status!: UserStatus;

  @Field(() => AdminLevel)
  adminLevel!: AdminLevel;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      "The invitation token just issued, only in the answer of `createUser` with `invite: true` and of `reinviteUser` (null everywhere else; only its hash is stored). Hand it to the user, who accepts it with `acceptInvitation`.",
  })
  invitationToken?: string | null;
}

@ObjectType({ description: "The organisation's subscription." })
export class SubscriptionDetails {
  @Field(() => SubscriptionPlan)
  plan!: SubscriptionPlan;

  @Field(() => Boolean)
  trial!: boolean;

  @Field(() => Int, { nullable: true, description: "How many active and invited users the plan allows; null: no limit." })
  userLimit!: number | null;

  @Field(() => Int)
  activeUsers!: number;

  @Field(() => Int)
  invitedUsers!: number;
}

@ObjectType({ description: "An accepted invitation: the user, now active, and their first API token." })
export class AcceptInvitationPayload {
  @Field(() => User)
  user!: User;

  @Field(() => String, { description: "The user's API token. Shown once: only its hash is stored." })
  token!: string;
}

@ObjectType({ description: "The result of bootstrapping a new organisation." })
export class CreateOrganizationPayload {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => User, { description: "The account admin." })
  admin!: User;

  @Field(() => String, { description: "The admin's API token. Shown once: only its hash is stored." })
  token!: string;
}

@ObjectType()
export class CreateUserPayload {
  @Field(() => User)
  user!: User;

  @Field(() => String, {
    description:
      "The new user's API token; with `invite: true`, their invitation token instead (for `acceptInvitation`). Shown once: only its hash is stored.",
  })
  token!: string;
}

@ObjectType({ description: "An org-level key for integrations that push events. The key itself is shown once." })
export class CreateIntegrationKeyPayload {
  @Field(() => String, { description: "Global ID of the key, for revoking it." })
  id!: string;

  @Field(() => String, { description: "Use as `Authorization: Bearer <key>` on webhooks and ingestion mutations." })
  key!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "With `requireSignature`: the secret webhook pushes are signed with, `X-CRM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`. Shown once.",
  })
  signingSecret!: string | null;
}

@ObjectType({ description: "A personal API token (its secret is never shown again)." })
export class ApiToken {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreateApiTokenPayload {
  @Field(() => ApiToken)
  apiToken!: ApiToken;

  @Field(() => String, { description: "The token. Shown once." })
  token!: string;
}
