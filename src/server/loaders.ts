import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import { loadAppRoles, loadUsers } from "../modules/identity/identity.service.js";
import type { User } from "../modules/identity/identity.type.js";
import { createRecordLoaders } from "../modules/records/record.loaders.js";
import { createSignalLoaders } from "../modules/signals/signal.loaders.js";
import { createSocialLoaders } from "../modules/social/social-profile.service.js";
import type { Viewer } from "../modules/shared/viewer.js";
import { lazyObject, mergeLazy } from "./lazy.js";

/** Every domain's loaders for one request (or one pushed subscription event): never shared, each made on first use. */
export function createLoaders(db: Db, viewer: Viewer | null) {
  const orgId = viewer?.orgId ?? -1;
  const identity = lazyObject({
    users: () => new DataLoader<number, User | null>((ids) => loadUsers(db, orgId, ids)),
    appRoles: () => new DataLoader((ids: readonly number[]) => loadAppRoles(db, orgId, ids)),
  });
  return mergeLazy(mergeLazy(mergeLazy(identity, createRecordLoaders(db, viewer)), createSignalLoaders(db, viewer)), createSocialLoaders(db, viewer));
}

export type Loaders = ReturnType<typeof createLoaders>;
