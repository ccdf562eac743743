import { randomUUID } from "node:crypto";
import type { Authentication } from "../modules/identity/identity.service.js";
import type { ModuleDeps, RequestContext } from "../modules/shared/context.js";
import { createLoaders } from "./loaders.js";
import { callerOf, type RateLimiter } from "./rate-limit.js";

export type { RequestContext } from "../modules/shared/context.js";

/** What lives as long as the process: what the modules see, and what only the server uses. */
export interface AppDeps extends ModuleDeps {
  rateLimiter: RateLimiter;
}

export function buildContext(
  deps: AppDeps,
  auth: Authentication | null,
  extra: { requestId?: string; bootstrapSecretHeader?: string | null; address?: string } = {},
): RequestContext {
  const viewer = auth?.viewer ?? null;
  const integration = auth?.integration ?? null;
  const ctx: RequestContext = {
    ...deps,
    requestId: extra.requestId ?? randomUUID(),
    viewer,
    integration,
    loaders: createLoaders(deps.db, viewer, integration),
    renewLoaders() {
      ctx.loaders = createLoaders(deps.db, viewer, integration);
    },
    bootstrapSecretHeader: extra.bootstrapSecretHeader ?? null,
    caller: callerOf(auth, extra.address),
  };
  return ctx;
}
