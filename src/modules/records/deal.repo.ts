import { and, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { qualified, type Db } from "../../db/client.js";
import { prepared } from "../../db/prepared.js";
import { deals } from "../../db/schema/index.js";
import { NO_DEALS, dealStatsFrom, openDeal, wonDeal, type DealStats } from "./deal-stage.js";

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
  const byContact = new Map(rows.map((r) => [r.contactId!, dealStatsFrom(r)]));
  return contactIds.map((id) => byContact.get(id) ?? NO_DEALS);
}

/**
 * SQL: the figures of `dealStatsByContacts` for the contact of an outer query's row, as one JSON
 * object read with the row (a contacts page whose items ask for them, in its own statement).
 */
export function dealStatsOf(contact: { orgId: AnyPgColumn; id: AnyPgColumn }): SQL<DealStats> {
  const q = qualified;
  return sql<DealStats>`(select json_build_object(
    'openCount', count(*) filter (where ${openDeal()}),
    'openAmount', coalesce(sum(${q(deals.amount)}) filter (where ${openDeal()}), 0),
    'wonCount', count(*) filter (where ${wonDeal()}),
    'wonAmount', coalesce(sum(${q(deals.amount)}) filter (where ${wonDeal()}), 0),
    'total', count(*))
    from ${deals} where ${q(deals.orgId)} = ${q(contact.orgId)} and ${q(deals.contactId)} = ${q(contact.id)})`;
}
