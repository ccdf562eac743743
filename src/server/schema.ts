import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { NodeResolver } from "../modules/shared/node.resolver.js";
import { validateArgument } from "../modules/shared/validation.js";
import { MODULES } from "./modules.js";

/** `node(id:)` and every module's resolvers. */
export const resolvers = [NodeResolver, ...MODULES.flatMap((m) => m.resolvers)] as unknown as [Function, ...Function[]];

/** The one schema, code-first; `npm run schema` prints it to schema/schema.graphql. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  // A field without a resolver of its own is read by graphql-js's default resolver, not through a
  // type-graphql wrapper that allocates per field and row for middlewares and auth checks we do
  // not use (issue 17). An object type may still say `simpleResolvers: false`.
  const storage = getMetadataStorage();
  if (storage.middlewares.length > 0) throw new Error("type-graphql middlewares need simpleResolvers off; see buildAppSchema");
  for (const objectType of storage.objectTypes) objectType.simpleResolvers ??= true;
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
