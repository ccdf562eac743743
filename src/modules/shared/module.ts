import type { Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { LoaderScope, ModuleDeps, NodeFinder } from "./context.js";

/** A background job a module runs on every instance (it takes its own locks); stopped on shutdown. */
export interface ModuleJob {
  stop(): Promise<void>;
}

/**
 * A push endpoint beside /webhooks/signals: the JSON body is the `input` of `operation` (one
 * mutation taking `$input`), run with the integration key of the bearer token exactly as over
 * /graphql; `respond` shapes the mutation's data into the 200 answer. Errors answer
 * 4xx `{ error: { code, field, message } }`.
 */
export interface WebhookRoute {
  path: `/webhooks/${string}`;
  operation: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  respond: (data: any) => Record<string, unknown>;
}

/**
 * Extension points that lower modules offer to higher ones, by declaration merging: records adds
 * `records: { links, hooks }` (what hangs off a record, and reactions to its lifecycle).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleExtensions {}

/**
 * One domain of the graph (src/modules/README.md). `src/server/modules.ts` lists them; adding a
 * domain is a folder with an `index.ts` exporting `defineModule({...})` and one line there.
 */
export interface ModuleDefinition extends Partial<ModuleExtensions> {
  name: string;
  /** type-graphql resolver classes: queries, mutations, subscriptions and fields on other modules' types. */
  resolvers: readonly (abstract new (...args: never[]) => unknown)[];
  /** The module's DataLoaders for one request, found at `ctx.loaders.<name>`. */
  createLoaders?: (scope: LoaderScope) => object;
  /** The `Node` types the module owns, by typename: what `node(id:)` answers for them. */
  nodeTypes?: Readonly<Record<string, NodeFinder>>;
  /** HTTP routes beside /graphql (webhooks, downloads). */
  routes?: (app: Express, deps: ModuleDeps & { schema: GraphQLSchema }) => void;
  /** Integration push endpoints (`POST /webhooks/...`), authenticated and answered like /webhooks/signals. */
  webhooks?: readonly WebhookRoute[];
  /** Background jobs, started with the app. */
  jobs?: (deps: ModuleDeps) => ModuleJob[];
}

export const defineModule = <const M extends ModuleDefinition>(module: M): M => module;
