import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { contacts, leads } from "../../db/schema/index.js";
import type { CustomerType } from "./record-kind.js";

/**
 * Leads and contacts of the org with this email (case-insensitive, served by the lower(email)
 * indexes) or phone (the same digits), leads first, at most `limit` of each.
 */
export async function findCustomers(
  db: Db,
  by: { orgId: number; email?: string; phoneDigits?: string; limit: number },
): Promise<{ type: CustomerType; id: number; ownerId: number }[]> {
  const match = (t: typeof leads | typeof contacts) =>
    by.email
      ? sql`lower(${t.email}) = lower(${by.email})`
      : sql`regexp_replace(coalesce(${t.phone}, ''), '[^0-9]', '', 'g') = ${by.phoneDigits}`;
  const [l, c] = await Promise.all([
    db.select({ id: leads.id, ownerId: leads.ownerId }).from(leads).where(and(eq(leads.orgId, by.orgId), match(leads))).orderBy(leads.id).limit(by.limit),
    db
      .select({ id: contacts.id, ownerId: contacts.ownerId })
      .from(contacts)
      .where(and(eq(contacts.orgId, by.orgId), match(contacts)))
      .orderBy(contacts.id)
      .limit(by.limit),
  ]);
  return [...l.map((r) => ({ type: "lead" as const, ...r })), ...c.map((r) => ({ type: "contact" as const, ...r }))];
}
