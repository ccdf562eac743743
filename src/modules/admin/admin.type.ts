import { Field, ID, ObjectType } from "type-graphql";
import { Node, type Model } from "../shared/node.type.js";
import { DateTimeScalar, JSONScalar } from "../shared/scalars.js";
import { User } from "../identity/identity.type.js";

@ObjectType({
  implements: Node,
  description: "One admin action (the audit log): who, what, on what, the state before and after (never secrets), when.",
})
export class AuditEntry extends Node implements Model {
  __typename!: "AuditEntry";
  dbId!: number;
  actorUserId!: number | null;

  @Field(() => User, { nullable: true, description: "The user who acted; null when an integration key did." })
  actor?: User | null;

  @Field(() => ID, { nullable: true, description: "The global ID of the integration key that acted, if one did." })
  actorIntegrationKeyId!: string | null;

  @Field(() => String, { description: "Dotted lower case, e.g. `user.deactivated`, `organization.updated`." })
  action!: string;

  @Field(() => ID, { nullable: true, description: "The global ID of what was acted on (null for what has none, e.g. a picklist)." })
  targetId!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "The state before; null where nothing existed." })
  before!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "The state after; null where nothing is left." })
  after!: unknown;

  @Field(() => String, { nullable: true, description: "The X-Request-Id of the request that acted." })
  requestId!: string | null;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@ObjectType()
export class ExportUserDataPayload {
  @Field(() => String, {
    description:
      "Where to GET the export (NDJSON), relative to the server's origin, with the same admin's bearer token: once, within 15 minutes.",
  })
  url!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;
}
