import DataLoader from "dataloader";
import type { LoaderScope } from "../shared/context.js";
import { lazyObject } from "../shared/lazy.js";
import { loadAppRoles, loadUsers } from "./identity.service.js";
import type { User } from "./identity.type.js";

/** The org's users and their app roles, batched per request. Integrations act for their org and read its users too. */
export function createIdentityLoaders({ db, orgId }: LoaderScope) {
  return lazyObject({
    users: () => new DataLoader<number, User | null>((ids) => loadUsers(db, orgId, ids)),
    appRoles: () => new DataLoader((ids: readonly number[]) => loadAppRoles(db, orgId, ids)),
  });
}

declare module "../shared/context.js" {
  interface Loaders {
    identity: ReturnType<typeof createIdentityLoaders>;
  }
}
