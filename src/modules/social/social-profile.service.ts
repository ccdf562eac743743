import { and, eq, isNotNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { socialProfiles } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import { isCustomerType, type CustomerType, type RecordType } from "../records/record-kind.js";
import { getVisibleCustomer } from "../records/record.service.js";
import { conflict } from "../shared/errors.js";
import { App, crmScope } from "../shared/viewer.js";
import { toSocialProfile } from "./social.model.js";
import type { AddSocialProfileInput, SocialProfile } from "./social-profile.type.js";


/**
 * A handle belongs to one lead or contact per network within an org. A profile the social tab
 * already knows unlinked (a post's author) is linked rather than duplicated (SOC-11).
 */
export async function addSocialProfile(ctx: RequestContext, input: AddSocialProfileInput): Promise<SocialProfile> {
  const { kind, record } = await getVisibleCustomer(ctx, input.recordId, "input.recordId");
  const orgId = ctx.viewer!.orgId;
  const rows = await queryRows<{ id: string | number }>(
    ctx.db,
    sql`insert into ${socialProfiles} (org_id, record_type, record_id, network, handle, followers)
        values (${orgId}, ${kind.type}, ${record.dbId}, ${input.network}, ${input.handle.replace(/^@/, "")}, ${input.followers ?? null})
        on conflict (org_id, network, lower(handle)) do update
          set record_type = excluded.record_type, record_id = excluded.record_id, followers = coalesce(excluded.followers, ${socialProfiles}.followers)
          where ${socialProfiles}.record_id is null
        returning id`,
  );
  if (rows.length === 0) throw conflict("This handle already belongs to a lead or contact", "input.handle");
  const [row] = await ctx.db.select().from(socialProfiles).where(eq(socialProfiles.id, Number(rows[0]!.id)));
  return toSocialProfile(row!);
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
  } else if (!scope.all && !ctx.viewer?.apps[App.SOCIAL]) {
    // Unlinked (a post's author nobody linked yet, or its record was deleted): the social tab's
    // users see it (SOC-11); among the rest, CRM admins only.
    return null;
  }
  return toSocialProfile(row);
}
