import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { findActiveUsersByEmail, orgTimeZone } from "../identity/identity.service.js";
import { createCustomer, createTaskFor, customFieldTypes, customerDealFacts, findCustomer, findCustomers, type Actor } from "../records/records.api.js";
import type { AfterCommit } from "../records/record-lifecycle.js";
import type { CustomerType } from "../records/record-kind.js";
import { CrmClass } from "../records/record.type.js";
import { CustomFieldType } from "../records/customization.type.js";
import { AutoAddMode, CustomerKind, DUE_DAYS, NUMERIC_ATTRIBUTES, VisitorOwnerRule, VisitorType, attributeKey, type TaskDue } from "./visitors.catalog.js";
import * as repo from "./visitors.repo.js";
import type { VisitorSettings } from "./visitors.type.js";

export interface KnownVisitor {
  type: CustomerType;
  id: number;
  ownerId: number;
  name: string;
}

export interface VisitorIdentity {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

/**
 * VIS-7, VIS-10: the lead or contact a visitor is: the one their earlier visits or chats were tied
 * to (a match, or a tracked web form), else the one with their email, else their phone (leads
 * first when several match); null for an unknown visitor. A constant number of statements.
 */
export async function resolveVisitor(db: Db, orgId: number, visitorId: string, who: VisitorIdentity | null | undefined): Promise<KnownVisitor | null> {
  let ref: { type: CustomerType; id: number } | null = null;
  const tied = await repo.findVisitorRecord(db, orgId, visitorId);
  if (tied) ref = { type: tied.recordType as CustomerType, id: tied.recordId };
  if (!ref && (who?.email || who?.phone)) {
    // One statement: findCustomers matches the email or the phone.
    const [match] = await findCustomers(db, { orgId, email: who.email ?? undefined, phone: who.phone ?? undefined, limit: 1 });
    if (match) ref = match;
  }
  if (!ref) return null;
  const found = await findCustomer(db, { orgId, customer: ref });
  if (!found) return null;
  const row = found.row as { id: number; ownerId: number; firstName: string | null; lastName: string };
  return { type: ref.type, id: row.id, ownerId: row.ownerId, name: [row.firstName, row.lastName].filter(Boolean).join(" ") };
}

/** VIS-7: the visitor type and revenue (won amount) as the CRM sees the visitor now. */
export async function visitorFacts(db: Db, orgId: number, who: KnownVisitor | null): Promise<{ visitorType: VisitorType; revenue: number; openCount: number; openAmount: number }> {
  if (!who) return { visitorType: VisitorType.UNKNOWN, revenue: 0, openCount: 0, openAmount: 0 };
  const [facts] = await customerDealFacts(db, { orgId, customers: [who] });
  const visitorType =
    who.type === "lead"
      ? VisitorType.LEAD
      : facts!.crmClass === CrmClass.CUSTOMER_WITH_OPEN_DEALS
        ? VisitorType.DEAL
        : facts!.crmClass === CrmClass.CUSTOMER
          ? VisitorType.CUSTOMER
          : VisitorType.CONTACT;
  return { visitorType, revenue: facts!.wonAmount, openCount: facts!.openCount, openAmount: facts!.openAmount };
}

/** The org's date `days` from today in its time zone (ISO), for TODAY views and task due dates. */
export async function orgDay(db: Db, orgId: number, at: Date = new Date(), days = 0): Promise<{ day: string; timeZone: string }> {
  const timeZone = await orgTimeZone(db, orgId);
  return { day: DateTime.fromJSDate(at, { zone: timeZone }).plus({ days }).toISODate()!, timeZone };
}

export const dayIn = (at: Date, timeZone: string, days = 0) => DateTime.fromJSDate(at, { zone: timeZone }).plus({ days }).toISODate()!;

/** VIS-2: which kind of visitor this is for the auto-add modes. */
export type VisitorClass = "ATTENDED" | "UNATTENDED" | "ACCESSED";

export function autoAdds(mode: AutoAddMode, cls: VisitorClass): boolean {
  switch (mode) {
    case AutoAddMode.NONE:
      return false;
    case AutoAddMode.ALL:
      return true;
    case AutoAddMode.ATTENDED_AND_UNATTENDED:
      return cls !== "ACCESSED";
    default:
      return (mode as string) === cls;
  }
}

/** The CRM users behind operator emails, in order (null: no active user), one statement. */
export async function operatorsByEmail(db: Db, orgId: number, emails: readonly (string | null | undefined)[]) {
  const given = emails.map((e) => e?.trim() || null);
  const found = await findActiveUsersByEmail(db, orgId, given.filter((e): e is string => !!e));
  let i = 0;
  return given.map((e) => (e ? (found[i++]?.id ?? null) : null));
}

/**
 * VIS-5: the owner of a new visitor: the chosen user, or the operator who attended (their CRM
 * user); when that is nobody, the linked CRM admin.
 */
export function ownerFor(settings: VisitorSettings, linkedAdminId: number, operatorUserId: number | null): number {
  if (settings.owner === VisitorOwnerRule.USER && settings.ownerUserId) return settings.ownerUserId;
  return operatorUserId ?? linkedAdminId;
}

/** VIS-15: the custom field values the mapped attributes give, for the fields that exist with a compatible type now. */
export async function mappedFields(db: Db, orgId: number, settings: VisitorSettings, type: CustomerType, attributes: Record<string, unknown>) {
  if (!settings.attributeMappings.length) return {};
  const types = await customFieldTypes(db, { orgId, type });
  const out: Record<string, unknown> = {};
  for (const m of settings.attributeMappings) {
    const fieldType = types.get(m.field);
    const raw = attributes[attributeKey(m.attribute)];
    if (!fieldType || raw === undefined || raw === null || raw === "") continue;
    if (fieldType === CustomFieldType.NUMBER && NUMERIC_ATTRIBUTES.has(m.attribute)) {
      const n = Number(raw);
      if (Number.isFinite(n)) out[m.field] = n;
    } else if (fieldType === CustomFieldType.TEXT) {
      out[m.field] = String(typeof raw === "object" ? JSON.stringify(raw) : raw).slice(0, 1000);
    }
  }
  return out;
}

const splitName = (name: string | null | undefined, email: string | null | undefined) => {
  const full = (name?.trim() || email?.split("@")[0] || "").slice(0, 200);
  const parts = full.split(/\s+/).filter(Boolean);
  if (parts.length < 2) return { firstName: null, lastName: full.slice(0, 100) };
  return { firstName: parts.slice(0, -1).join(" ").slice(0, 100), lastName: parts[parts.length - 1]!.slice(0, 100) };
};

/**
 * VIS-2..5, VIS-15: adds a new visitor as a lead or contact (as the settings say) for the
 * integration, owned per VIS-5, with the mapped attributes and the optional follow-up task.
 * Null when the visitor gave nothing to name them by.
 */
export async function addVisitor(
  tx: Db,
  args: {
    orgId: number;
    actor: Actor;
    settings: VisitorSettings;
    kind?: CustomerKind;
    ownerId: number;
    who: VisitorIdentity | null | undefined;
    source: string | null;
    attributes: Record<string, unknown>;
    extra?: { company?: string | null; phone?: string | null; status?: string | null; lastName?: string | null };
    taskDue?: TaskDue | null;
    field?: string;
  },
): Promise<{ visitor: KnownVisitor; after: AfterCommit[] } | null> {
  const who = args.who ?? {};
  const names = args.extra?.lastName ? { firstName: null, lastName: args.extra.lastName } : splitName(who.name, who.email);
  if (!names.lastName) return null;
  const kind = args.kind ?? args.settings.addAs;
  const type: CustomerType = kind === CustomerKind.LEAD ? "lead" : "contact";
  const customFields = await mappedFields(tx, args.orgId, args.settings, type, args.attributes);
  const { ref, after } = await createCustomer(tx, {
    orgId: args.orgId,
    actor: args.actor,
    type,
    ownerId: args.ownerId,
    field: args.field,
    fields: {
      ...names,
      email: who.email ?? null,
      phone: args.extra?.phone ?? who.phone ?? null,
      source: args.source,
      ...(type === "lead" ? { company: args.extra?.company ?? null, status: args.extra?.status ?? null } : {}),
      customFields,
    },
  });
  const due = args.taskDue === undefined ? args.settings.followUpTaskDue : args.taskDue;
  if (due) {
    const timeZone = await orgTimeZone(tx, args.orgId);
    const task = await createTaskFor(tx, {
      orgId: args.orgId,
      actor: args.actor,
      ownerId: args.ownerId,
      record: ref,
      subject: `Follow up with ${[names.firstName, names.lastName].filter(Boolean).join(" ")} (website visitor)`,
      dueDate: dayIn(new Date(), timeZone, DUE_DAYS[due]),
    });
    after.push(...task.after);
  }
  return { visitor: { type, id: ref.id, ownerId: ref.ownerId, name: [names.firstName, names.lastName].filter(Boolean).join(" ") }, after };
}
