import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { UserResolver } from "../modules/identity/identity.resolver.js";
import { AccountResolver } from "../modules/records/account.resolver.js";
import { ContactResolver } from "../modules/records/contact.resolver.js";
import { CustomizationResolver } from "../modules/records/customization.resolver.js";
import { DealResolver } from "../modules/records/deal.resolver.js";
import { LeadResolver } from "../modules/records/lead.resolver.js";
import { AttachmentResolver, NoteResolver } from "../modules/records/note.resolver.js";
import { TaskResolver } from "../modules/records/task.resolver.js";
import { NodeResolver } from "../modules/shared/node.resolver.js";
import { validateArgument } from "../modules/shared/validation.js";
import type { PubSub } from "../realtime/pubsub.js";

export const resolvers = [
  NodeResolver,
  UserResolver,
  LeadResolver,
  ContactResolver,
  AccountResolver,
  DealResolver,
  TaskResolver,
  NoteResolver,
  AttachmentResolver,
  CustomizationResolver,
] as const;

/** The one schema, code-first; `npm run schema` prints it to schema/schema.graphql. */
export function buildAppSchema(pubSub?: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub: pubSub as never,
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
}
