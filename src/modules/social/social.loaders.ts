import DataLoader from "dataloader";
import { and, eq, inArray } from "drizzle-orm";
import { socialProfiles } from "../../db/schema/index.js";
import type { RecordType } from "../records/record-kind.js";
import { crmClasses } from "../records/records.api.js";
import { isCustomerType } from "../records/record-kind.js";
import { CrmClass } from "../records/record.type.js";
import type { LoaderScope } from "../shared/context.js";
import type { SocialProfile } from "./social-profile.type.js";
import * as repo from "./social.repo.js";
import { toAccount, toPost, toSocialProfile } from "./social.model.js";
import type { SocialAccount, SocialPost } from "./social.type.js";

const byId = <R extends { id: number }, M>(rows: R[], ids: readonly number[], map: (r: R) => M) => {
  const found = new Map(rows.map((r) => [r.id, map(r)]));
  return ids.map((id) => found.get(id) ?? null);
};

/**
 * The social view's DataLoaders: a page of posts with their accounts, authors, CRM classes and
 * records runs one statement per kind of thing, whatever the page's length.
 */
export function createPostLoaders({ db, orgId }: LoaderScope) {
  const accounts = new DataLoader<number, SocialAccount | null>(async (ids) => byId(await repo.findAccountsByIds(db, orgId, ids), ids, toAccount));
  const profiles = new DataLoader<number, SocialProfile | null>(async (ids) => byId(await repo.findProfilesByIds(db, orgId, ids), ids, toSocialProfile));
  const posts = new DataLoader<number, SocialPost | null>(async (ids) => byId(await repo.findPostsByIds(db, orgId, ids), ids, toPost));
  const uploads = new DataLoader<number, repo.UploadInfo | null>(async (ids) => byId(await repo.findUploadsByIds(db, orgId, ids), ids, (r) => r));
  /** The CRM class of a profile's linked record as it is now (CORE-16), UNKNOWN when unlinked: one statement per batch. */
  const crmClass = new DataLoader<number, CrmClass>(async (profileIds) => {
    const found = await profiles.loadMany(profileIds);
    const customers = found.map((p) => (p && !(p instanceof Error) && p.recordId && p.recordType && isCustomerType(p.recordType) ? { type: p.recordType, id: p.recordId } : null));
    const linked = customers.filter((c) => c !== null);
    const classes = await crmClasses(db, { orgId, customers: linked });
    let i = 0;
    return customers.map((c) => (c ? classes[i++]! : CrmClass.UNKNOWN));
  });
  return { accounts, profilesById: profiles, posts, uploads, crmClass };
}

/** Profiles of many records of one type in one statement. */
export function createSocialLoaders(scope: LoaderScope) {
  const { db, viewer } = scope;
  const orgId = viewer?.orgId ?? -1;
  const byType = new Map<RecordType, DataLoader<number, SocialProfile[]>>();
  return {
    ...createPostLoaders(scope),
    profiles: (recordType: RecordType) => {
      let loader = byType.get(recordType);
      if (!loader) {
        loader = new DataLoader<number, SocialProfile[]>(async (ids) => {
          const rows = await db
            .select()
            .from(socialProfiles)
            .where(and(eq(socialProfiles.orgId, orgId), eq(socialProfiles.recordType, recordType), inArray(socialProfiles.recordId, [...ids])))
            .orderBy(socialProfiles.id);
          return ids.map((id) => rows.filter((r) => r.recordId === id).map(toSocialProfile));
        });
        byType.set(recordType, loader);
      }
      return loader;
    },
  };
}

declare module "../shared/context.js" {
  interface Loaders {
    social: ReturnType<typeof createSocialLoaders>;
  }
}
