import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { NodeResolver } from "../modules/shared/node.resolver.js";
import { validateArgument } from "../modules/shared/validation.js";
import { MODULES } from "./modules.js";

/** `node(id:)` and every module's resolvers. */
export const resolvers = [NodeResolver, ...MODULES.flatMap((m) => m.resolvers)] as unknown as [Function, ...Function[]];

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
