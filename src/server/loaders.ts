import type { Db } from "../db/client.js";
import type { Loaders } from "../modules/shared/context.js";
import { lazyObject } from "../modules/shared/lazy.js";
import type { Integration, Viewer } from "../modules/shared/viewer.js";
import { MODULES } from "./modules.js";

/**
 * Every module's loaders for one request (or one pushed subscription batch), under the module's
 * name: never shared, each namespace made on first use.
 */
export function createLoaders(db: Db, viewer: Viewer | null, integration: Integration | null = null): Loaders {
  // Integrations act for their org: they read its users and timeline entries; records follow the viewer's scope.
  const scope = { db, viewer, integration, orgId: viewer?.orgId ?? integration?.orgId ?? -1 };
  const thunks = Object.fromEntries(MODULES.filter((m) => m.createLoaders).map((m) => [m.name, () => m.createLoaders!(scope)]));
  return lazyObject(thunks) as unknown as Loaders;
}
