import { defineModule } from "../shared/module.js";
import { createIdentityLoaders } from "./identity.loaders.js";
import { UserResolver } from "./identity.resolver.js";
import { LifecycleResolver } from "./lifecycle.resolver.js";
import { getOrganization } from "./identity.service.js";

/** Organisations, users, tokens, integration keys, app access and admin levels. */
export default defineModule({
  name: "identity",
  resolvers: [UserResolver, LifecycleResolver],
  createLoaders: createIdentityLoaders,
  nodeTypes: {
    User: (ctx, id) => ctx.loaders.identity.users.load(id),
    Organization: (ctx, id) => (ctx.viewer?.orgId === id ? getOrganization(ctx, id) : null),
  },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    Organization: true;
    User: true;
    IntegrationKey: true;
    ApiToken: true;
  }
}
