import DataLoader from "dataloader";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import { socialProfiles } from "../../db/schema/index.js";
import type { LoaderScope, RequestContext } from "../shared/context.js";
import { isCustomerType, type CustomerType, type RecordType } from "../records/record-kind.js";
import { getVisibleCustomer } from "../records/record.service.js";
import { conflict } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { crmScope } from "../shared/viewer.js";
import type { AddSocialProfileInput, SocialNetwork, SocialProfile } from "./social-profile.type.js";

const toSocialProfile = (row: typeof socialProfiles.$inferSelect): SocialProfile => ({
  __typename: "SocialProfile",
  id: encodeGlobalId("SocialProfile", row.id),
  dbId: row.id,
  network: row.network as SocialNetwork,
  handle: row.handle,
  followers: row.followers,
});

/** A handle belongs to one lead or contact per network within an org. */
export async function addSocialProfile(ctx: RequestContext, input: AddSocialProfileInput): Promise<SocialProfile> {
  const { kind, record } = await getVisibleCustomer(ctx, input.recordId, "input.recordId");
  try {
    const [row] = await ctx.db
      .insert(socialProfiles)
      .values({
        orgId: ctx.viewer!.orgId,
        recordType: kind.type,
        recordId: record.dbId,
        network: input.network,
        handle: input.handle.replace(/^@/, ""),
        followers: input.followers ?? null,
      })
      .returning();
    return toSocialProfile(row!);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This handle already belongs to a lead or contact", "input.handle");
    throw error;
  }
}

/** The lead or contact a handle on a network belongs to in the org (case-insensitive, a leading @ ignored), if any. */
export async function findCustomerByHandle(db: Db, args: { orgId: number; network: string; handle: string }): Promise<{ type: CustomerType; id: number } | null> {
  const [row] = await db
    .select({ recordType: socialProfiles.recordType, recordId: socialProfiles.recordId })
    .from(socialProfiles)
    .where(
      and(
        eq(socialProfiles.orgId, args.orgId),
        eq(socialProfiles.network, args.network.toUpperCase()),
        sql`lower(${socialProfiles.handle}) = lower(${args.handle.trim().replace(/^@/, "")})`,
        isNotNull(socialProfiles.recordId),
      ),
    )
    .limit(1);
  return row?.recordId && row.recordType && isCustomerType(row.recordType) ? { type: row.recordType, id: row.recordId } : null;
}

/** Profiles of many records of one type in one statement. */
export function createSocialLoaders({ db, viewer }: LoaderScope) {
  const orgId = viewer?.orgId ?? -1;
  const byType = new Map<RecordType, DataLoader<number, SocialProfile[]>>();
  return {
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

/**
 * `node(id:)` for a social profile: one linked to a lead or contact is seen by those who may view
 * that record; an unlinked one by CRM admins only.
 */
export async function findSocialProfile(ctx: RequestContext, id: number): Promise<SocialProfile | null> {
  const scope = crmScope(ctx.viewer);
  const [row] = await ctx.db.select().from(socialProfiles).where(and(eq(socialProfiles.orgId, scope.orgId), eq(socialProfiles.id, id)));
  if (!row) return null;
  if (row.recordType && row.recordId) {
    const record = await ctx.loaders.records.byType[row.recordType as RecordType].load(row.recordId);
    if (!record) return null;
  } else if (!scope.all) {
    // Unlinked (its record was deleted): the person behind it is nobody's record any more.
    return null;
  }
  return toSocialProfile(row);
}
