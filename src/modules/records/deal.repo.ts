import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { prepared } from "../../db/prepared.js";
import { deals } from "../../db/schema/index.js";
import { NO_DEALS, openDeal, wonDeal, type DealStats } from "./deal-stage.js";

/** Each contact's deal figures (all of its deals, whoever owns them), in `contactIds` order; one statement. */
export async function dealStatsByContacts(db: Db, orgId: number, contactIds: readonly number[]): Promise<DealStats[]> {
  if (contactIds.length === 0) return [];
  const rows = await prepared(db, "deal_stats_by_contact", () =>
    db
      .select({
        contactId: deals.contactId,
        openCount: sql<number>`count(*) filter (where ${openDeal()})::int`,
        openAmount: sql<string>`coalesce(sum(${deals.amount}) filter (where ${openDeal()}), 0)`,
        wonCount: sql<number>`count(*) filter (where ${wonDeal()})::int`,
        wonAmount: sql<string>`coalesce(sum(${deals.amount}) filter (where ${wonDeal()}), 0)`,
        total: sql<number>`count(*)::int`,
      })
      .from(deals)
      .where(and(eq(deals.orgId, sql.placeholder("orgId")), sql`${deals.contactId} = any(${sql.placeholder("ids")})`))
      .groupBy(deals.contactId)
      .prepare("deal_stats_by_contact"),
  ).execute({ orgId, ids: [...contactIds] });
  const byContact = new Map(rows.map((r) => [r.contactId!, { ...r, openAmount: Number(r.openAmount), wonAmount: Number(r.wonAmount) }]));
  return contactIds.map((id) => byContact.get(id) ?? NO_DEALS);
}
