import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import { loadAppRoles, loadUsers } from "../modules/identity/identity.service.js";
import type { User } from "../modules/identity/identity.type.js";
import { createRecordLoaders } from "../modules/records/record.loaders.js";
import { createTimelineLoaders } from "../modules/timeline/timeline.loaders.js";
import { createSocialLoaders } from "../modules/social/social-profile.service.js";
import type { Integration, Viewer } from "../modules/shared/viewer.js";
import { lazyObject, mergeLazy } from "./lazy.js";

/** Every domain's loaders for one request (or one pushed subscription event): never shared, each made on first use. */
export function createLoaders(db: Db, viewer: Viewer | null, integration: Integration | null = null) {
  // Integrations act for their org: they read its users and timeline entries; records follow the viewer's scope.
  const orgId = viewer?.orgId ?? integration?.orgId ?? -1;
  const identity = lazyObject({
    users: () => new DataLoader<number, User | null>((ids) => loadUsers(db, orgId, ids)),
    appRoles: () => new DataLoader((ids: readonly number[]) => loadAppRoles(db, orgId, ids)),
  });
  return mergeLazy(mergeLazy(mergeLazy(identity, createRecordLoaders(db, viewer)), createTimelineLoaders(db, orgId)), createSocialLoaders(db, viewer));
}

export type Loaders = ReturnType<typeof createLoaders>;
