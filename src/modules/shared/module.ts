import type { Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { LoaderScope, ModuleDeps, NodeFinder } from "./context.js";

/** A background job a module runs on every instance (it takes its own locks); stopped on shutdown. */
export interface ModuleJob {
  /** Settles when the job has started; the app waits for it before serving (a failure fails the start). */
  ready?: Promise<void>;
  stop(): Promise<void>;
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
  /**
   * Webhooks: `POST <path>` with an integration key runs `operation` (a GraphQL mutation taking
   * the JSON body as `$input`) through the server's one webhook runner (authentication, signed
   * bodies, limits, the `{ error: { code, field, message } }` shape); `reply` shapes its data as the 200 body.
   */
  webhooks?: readonly ModuleWebhook[];
  /** HTTP routes beside /graphql (uploads, downloads). */
  routes?: (app: Express, deps: ModuleDeps & { schema: GraphQLSchema }) => void;
  /** Background jobs, started with the app. */
  jobs?: (deps: ModuleDeps) => ModuleJob[];
}

export interface ModuleWebhook {
  path: string;
  operation: string;
  reply: (data: Record<string, unknown>) => Record<string, unknown>;
}

export const defineModule = <const M extends ModuleDefinition>(module: M): M => module;
