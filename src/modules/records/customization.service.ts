import type { Db } from "../../db/client.js";
import * as repo from "./customization.repo.js";
import { CrmModule } from "./customization.type.js";
import { CLOSED_LOST, CLOSED_STAGES, CLOSED_WON } from "./deal-stage.js";


const LEAD_SOURCES = [
  "Advertisement",
  "Chat",
  "Cold Call",
  "Employee Referral",
  "External Referral",
  "Online Store",
  "Partner",
  "Public Relations",
  "Seminar",
  "Trade Show",
  "Web Form",
  "Web Research",
];

/** The picklists every new org starts with (API.md, Records). */
export const DEFAULT_PICKLISTS: { module: CrmModule; field: string; values: string[]; reserved?: string[] }[] = [
  { module: CrmModule.LEADS, field: "status", values: ["Not Contacted", "Contacted", "Qualified", "Junk"] },
  { module: CrmModule.LEADS, field: "source", values: LEAD_SOURCES },
  { module: CrmModule.CONTACTS, field: "source", values: LEAD_SOURCES },
  {
    module: CrmModule.DEALS,
    field: "stage",
    values: ["Qualification", "Needs Analysis", "Proposal", "Negotiation", CLOSED_WON, CLOSED_LOST],
    reserved: [...CLOSED_STAGES],
  },
];

/** Seeds a new org with the default picklists, in the transaction that creates it. */
export async function seedOrgDefaults(db: Db, orgId: number): Promise<void> {
  for (const list of DEFAULT_PICKLISTS) {
    await repo.insertPicklistField(db, { orgId, module: list.module, field: list.field });
  }
  await repo.insertPicklistValues(
    db,
    DEFAULT_PICKLISTS.flatMap((list) =>
      list.values.map((value, i) => ({
        orgId,
        module: list.module,
        field: list.field,
        value,
        position: i + 1,
        reserved: list.reserved?.includes(value) ?? false,
      })),
    ),
  );
}
