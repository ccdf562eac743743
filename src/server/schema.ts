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
import { NotificationResolver } from "../modules/signals/signal.resolver.js";
import { TimelineAverageResolver, TimelineEntryResolver } from "../modules/timeline/timeline.resolver.js";
import { SocialProfileResolver } from "../modules/social/social-profile.resolver.js";
import { OwnerResponseResolver, SignalFollowUpResolver } from "../modules/follow-up/follow-up.resolver.js";
import { validateArgument } from "../modules/shared/validation.js";

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
  NotificationResolver,
  TimelineEntryResolver,
  TimelineAverageResolver,
  SocialProfileResolver,
  SignalFollowUpResolver,
  OwnerResponseResolver,
] as const;

/** The one schema, code-first; `npm run schema` prints it to schema/schema.graphql. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validateFn: validateArgument,
    // Every subscription brings its own stream (`subscribe:`) over src/realtime/pubsub.ts;
    // type-graphql insists on a PubSub all the same, and this one says so if ever reached.
    pubSub: {
      publish: () => {
        throw new Error("use src/realtime/pubsub.ts");
      },
      subscribe: () => {
        throw new Error("use src/realtime/pubsub.ts");
      },
    },
    emitSchemaFile: false,
  });
}
