import { inArray, notInArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { deals } from "../../db/schema/index.js";
import { CrmClass } from "./record.type.js";

/**
 * What "open deal" means, in one place: a deal is open unless its stage is one of the two reserved
 * closing stages. Every reader (the `isOpen` field, the `open` filter, a contact's open-deal
 * figures and CRM class, the social view's open-deal filters) takes it from here.
 */
export const CLOSED_WON = "CLOSED_WON";
export const CLOSED_LOST = "CLOSED_LOST";
export const CLOSED_STAGES = [CLOSED_WON, CLOSED_LOST] as const;

export const isOpenStage = (stage: string) => !(CLOSED_STAGES as readonly string[]).includes(stage);

/** SQL: the deal (of `deals`) is open / closed / won. */
export const openDeal = (): SQL => notInArray(deals.stage, [...CLOSED_STAGES]);
export const closedDeal = (): SQL => inArray(deals.stage, [...CLOSED_STAGES]);
export const wonDeal = (): SQL => sql`${deals.stage} = ${CLOSED_WON}`;

/** A contact's deal figures: all of its deals, whoever owns them (they describe the contact). */
export interface DealStats {
  openCount: number;
  openAmount: number;
  wonCount: number;
  /** The total amount of the won deals (a visitor's revenue, VIS-7). */
  wonAmount: number;
  total: number;
}

export const NO_DEALS: DealStats = { openCount: 0, openAmount: 0, wonCount: 0, wonAmount: 0, total: 0 };

/** Deal figures as read from SQL (amounts may come as numeric strings), as numbers. */
export const dealStatsFrom = (r: { [K in keyof DealStats]: number | string }): DealStats => ({
  openCount: Number(r.openCount),
  openAmount: Number(r.openAmount),
  wonCount: Number(r.wonCount),
  wonAmount: Number(r.wonAmount),
  total: Number(r.total),
});

/**
 * The CRM class of a customer (CORE-16): a lead is always LEAD_OR_CONTACT; a contact with an open
 * deal is CUSTOMER_WITH_OPEN_DEALS, else one with a won deal is CUSTOMER, else LEAD_OR_CONTACT.
 */
export function crmClassOf(type: "lead" | "contact", stats: DealStats): CrmClass {
  if (type === "lead") return CrmClass.LEAD_OR_CONTACT;
  if (stats.openCount > 0) return CrmClass.CUSTOMER_WITH_OPEN_DEALS;
  if (stats.wonCount > 0) return CrmClass.CUSTOMER;
  return CrmClass.LEAD_OR_CONTACT;
}

/**
 * SQL: the customer (recordType, recordId columns of another table, e.g. a social profile's
 * link) is of CRM class `crmClass` now, by the rule of `crmClassOf`; UNKNOWN is no linked record.
 * For readers that filter by class (the social view's columns, SOC-3) rather than compute it.
 */
export function crmClassCondition(crmClass: CrmClass, ref: { orgId: SQL | number; recordType: SQL | AnyPgColumn; recordId: SQL | AnyPgColumn }): SQL {
  const dealsOf = (which: SQL) => sql`exists (select 1 from ${deals} where ${deals.orgId} = ${ref.orgId} and ${deals.contactId} = ${ref.recordId} and ${which})`;
  const contact = sql`${ref.recordType} = 'contact'`;
  switch (crmClass) {
    case CrmClass.UNKNOWN:
      return sql`${ref.recordId} is null`;
    case CrmClass.CUSTOMER_WITH_OPEN_DEALS:
      return sql`(${contact} and ${dealsOf(openDeal())})`;
    case CrmClass.CUSTOMER:
      return sql`(${contact} and not ${dealsOf(openDeal())} and ${dealsOf(wonDeal())})`;
    case CrmClass.LEAD_OR_CONTACT:
      return sql`(${ref.recordType} = 'lead' or (${contact} and not ${dealsOf(openDeal())} and not ${dealsOf(wonDeal())}))`;
  }
}
