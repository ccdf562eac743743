import type { Db } from "../../db/client.js";
import { and, eq, inArray, sql } from "drizzle-orm";
import { accounts, attachments, contacts, notes } from "../../db/schema/index.js";
import { requireActiveUser } from "../identity/identity.service.js";
import { badInput, notFound } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { assertPicklistValue, loadModuleConfig, mergeCustomFields, validateCustomFields } from "./module-config.service.js";
import * as customerRepo from "./customer.repo.js";
import { NO_DEALS, crmClassOf, type DealStats } from "./deal-stage.js";
import { dealStatsByContacts } from "./deal.repo.js";
import { ACCOUNT, CONTACT, CUSTOMER_KINDS, LEAD, RECORD_KINDS, TASK, decodeRecordId, type CustomerType, type RecordKind, type RecordType } from "./record-kind.js";
import * as repo from "./record.repo.js";
import { TaskPriority, TaskStatus, type CrmClass } from "./record.type.js";
import type { CustomFieldType } from "./customization.type.js";
import { actorUserId, recordsReassigned, type Actor, type AfterCommit } from "./record-lifecycle.js";
import { insertRecordAs } from "./record.service.js";
import { toAttachment } from "./record.model.js";

/**
 * What other domains may do with records, without a GraphQL request: visitors and social create
 * leads for an integration, administration reassigns a deleted user's records, signals find the
 * customer an event is about. Every function takes one argument object with the org and an
 * explicit actor, and runs on the caller's `db` or transaction, so it commits with the caller's work.
 * Validation is the same as the GraphQL mutations'; errors name fields under `field`.
 */
export type { Actor } from "./record-lifecycle.js";

/** A lead or contact, as other domains refer to one. */
export interface CustomerRef {
  type: CustomerType;
  id: number;
  ownerId: number;
}

export const customerGlobalId = (ref: { type: CustomerType; id: number }) => encodeGlobalId(ref.type === "lead" ? "Lead" : "Contact", ref.id);

export interface CustomerFields {
  firstName?: string | null;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  source?: string | null;
  /** Leads only. */
  company?: string | null;
  /** Leads only. */
  status?: string | null;
  /** Contacts only: an account of the org (the caller checks the actor may see it). */
  accountId?: number | null;
  customFields?: Record<string, unknown>;
}

/**
 * Creates a lead or contact for `actor`, validated like `createLead`/`createContact`: the last name
 * is required, picklist values and custom fields are checked against the org's settings. A user
 * owns what they create unless `ownerId` says otherwise; an integration must name the owner (an
 * active user of the org). Runs the `created` hooks; call the returned `after` once committed.
 */
export async function createCustomer(
  tx: Db,
  args: { orgId: number; actor: Actor; type: CustomerType; ownerId?: number; fields: CustomerFields; field?: string },
): Promise<{ ref: CustomerRef; row: Record<string, unknown>; after: AfterCommit[] }> {
  const path = args.field ?? "input";
  const kind = args.type === "lead" ? LEAD : CONTACT;
  const f = args.fields;
  const lastName = f.lastName?.trim();
  if (!lastName) throw badInput(`${path}.lastName`, "cannot be empty");
  const ownerId = args.ownerId ?? actorUserId(args.actor);
  if (ownerId === null) throw badInput(`${path}.ownerId`, "an integration must name the owner of what it creates");
  await requireActiveUser(tx, args.orgId, ownerId, `${path}.ownerId`);
  const config = await loadModuleConfig(tx, args.orgId, kind.module);
  const trimmed = (v: string | null | undefined) => (typeof v === "string" ? v.trim() || null : null);
  const values: Record<string, unknown> = {
    firstName: trimmed(f.firstName),
    lastName,
    email: trimmed(f.email),
    phone: trimmed(f.phone),
    source: trimmed(f.source),
    ownerId,
  };
  if (args.type === "lead") {
    values.company = trimmed(f.company);
    values.status = trimmed(f.status);
    if (values.status) assertPicklistValue(config, "status", values.status as string, `${path}.status`);
  } else if (f.company !== undefined || f.status !== undefined) {
    throw badInput(`${path}.${f.company !== undefined ? "company" : "status"}`, "is a field of leads, not contacts");
  } else if (f.accountId != null) {
    if (!(await repo.findRecord(tx, ACCOUNT, { orgId: args.orgId, all: true }, f.accountId))) throw notFound("Account", `${path}.accountId`);
    values.accountId = f.accountId;
  }
  if (args.type === "lead" && f.accountId != null) throw badInput(`${path}.accountId`, "is a field of contacts, not leads");
  if (values.source) assertPicklistValue(config, "source", values.source as string, `${path}.source`);
  values.customFields = mergeCustomFields({}, validateCustomFields(config, f.customFields, "create", `${path}.customFields`));
  const { row, after } = await insertRecordAs(tx, kind, { orgId: args.orgId, actor: args.actor, values });
  return { ref: { type: args.type, id: row.id, ownerId }, row, after };
}

/**
 * The leads and contacts of the org with this email (case-insensitive) or phone (the same digits),
 * leads first, at most `limit` (default 10). By social handle: see the social module.
 */
export async function findCustomers(
  db: Db,
  args: { orgId: number; email?: string; phone?: string; limit?: number },
): Promise<CustomerRef[]> {
  const email = args.email?.trim();
  const phoneDigits = args.phone?.replace(/\D/g, "");
  if (!email && !phoneDigits) return [];
  return customerRepo.findCustomers(db, { orgId: args.orgId, email, phoneDigits, limit: args.limit ?? 10 });
}

/** A lead or contact of the org by global ID, whoever owns it (integrations act for the whole org); NOT_FOUND otherwise. */
export async function findOrgCustomer(db: Db, args: { orgId: number; globalId: string; field: string; lock?: boolean }) {
  const { kind, id } = decodeRecordId(args.globalId, CUSTOMER_KINDS, args.field);
  const found = await findCustomer(db, { orgId: args.orgId, customer: { type: kind.type as CustomerType, id }, lock: args.lock });
  if (!found) throw notFound(kind.typename, args.field);
  return found;
}

/**
 * A lead or contact of the org, whoever owns it; null when there is none. With `lock`, in a
 * transaction, the row is share-locked until commit: what the caller hangs off it cannot land on a
 * record being deleted or converted at the same moment (that waits, then finds nothing).
 */
export async function findCustomer(db: Db, args: { orgId: number; customer: { type: CustomerType; id: number }; lock?: boolean }) {
  const kind = args.customer.type === "lead" ? LEAD : CONTACT;
  const scope = { orgId: args.orgId, all: true } as const;
  const row = args.lock ? await repo.findRecordForUpdate(db, kind, scope, args.customer.id, "share") : await repo.findRecord(db, kind, scope, args.customer.id);
  return row ? { kind, row } : null;
}

/** The CRM class (CORE-16) of each customer, in order, as it is now: one statement for all the contacts. */
export async function crmClasses(db: Db, args: { orgId: number; customers: readonly { type: CustomerType; id: number }[] }): Promise<CrmClass[]> {
  const contactIds = args.customers.filter((c) => c.type === "contact").map((c) => c.id);
  const stats = new Map((await dealStatsByContacts(db, args.orgId, contactIds)).map((s, i) => [contactIds[i]!, s]));
  return args.customers.map((c) => crmClassOf(c.type, stats.get(c.id) ?? NO_DEALS));
}

/**
 * Moves every record `fromUserId` owns (leads, contacts, accounts, deals, tasks) to `toUserId`, an
 * active user of the org, in the caller's transaction; the modules' `reassigned` hooks move what
 * follows the owner (open signals). Returns how many of each kind moved.
 */
export async function reassignRecords(
  tx: Db,
  args: { orgId: number; actor: Actor; fromUserId: number; toUserId: number; field?: string },
): Promise<Record<RecordType, number>> {
  const field = args.field ?? "reassignTo";
  if (args.toUserId === args.fromUserId) throw badInput(field, "cannot reassign records to the user they belong to");
  await requireActiveUser(tx, args.orgId, args.toUserId, field);
  const moved = {} as Record<RecordType, number>;
  for (const kind of RECORD_KINDS as readonly RecordKind[]) {
    const ids = await repo.reassignOwner(tx, kind, {
      orgId: args.orgId,
      fromUserId: args.fromUserId,
      toUserId: args.toUserId,
      updatedBy: actorUserId(args.actor),
    });
    await recordsReassigned(tx, { orgId: args.orgId, recordType: kind.type, ids, fromUserId: args.fromUserId, toUserId: args.toUserId });
    moved[kind.type] = ids.length;
  }
  return moved;
}

/** The CRM class and deal figures (open count and amount, won amount) of each customer, in order, as they are now: one statement. */
export async function customerDealFacts(
  db: Db,
  args: { orgId: number; customers: readonly { type: CustomerType; id: number }[] },
): Promise<(DealStats & { crmClass: CrmClass })[]> {
  const contactIds = [...new Set(args.customers.filter((c) => c.type === "contact").map((c) => c.id))];
  const stats = new Map((await dealStatsByContacts(db, args.orgId, contactIds)).map((s, i) => [contactIds[i]!, s]));
  return args.customers.map((c) => {
    const s = (c.type === "contact" && stats.get(c.id)) || NO_DEALS;
    return { ...s, crmClass: crmClassOf(c.type, s) };
  });
}

/** The custom fields of leads or contacts of the org, by name, with their types (for mappings onto them). */
export async function customFieldTypes(db: Db, args: { orgId: number; type: CustomerType }): Promise<Map<string, CustomFieldType>> {
  const config = await loadModuleConfig(db, args.orgId, (args.type === "lead" ? LEAD : CONTACT).module);
  return new Map(config.customFields.map((f) => [f.name, f.type as CustomFieldType]));
}

/** A note on a lead or contact, written for `actor` (an integration writes as nobody). */
export async function addNote(tx: Db, args: { orgId: number; actor: Actor; record: { type: CustomerType; id: number }; title?: string | null; body: string }) {
  const [row] = await tx
    .insert(notes)
    .values({ orgId: args.orgId, recordType: args.record.type, recordId: args.record.id, title: args.title ?? null, body: args.body, createdBy: actorUserId(args.actor) })
    .returning({ id: notes.id });
  return { id: row!.id, globalId: encodeGlobalId("Note", row!.id) };
}

/** A file stored on a lead or contact (downloadable at GET /attachments/<global id>). */
export async function attachFile(
  tx: Db,
  args: { orgId: number; actor: Actor; record: { type: CustomerType; id: number }; fileName: string; contentType: string; data: Buffer },
) {
  const [row] = await tx
    .insert(attachments)
    .values({
      orgId: args.orgId,
      recordType: args.record.type,
      recordId: args.record.id,
      fileName: args.fileName,
      contentType: args.contentType,
      size: args.data.length,
      data: args.data,
      createdBy: actorUserId(args.actor),
    })
    .returning({ id: attachments.id });
  return { id: row!.id, globalId: encodeGlobalId("Attachment", row!.id) };
}

/** A task about a lead or contact, owned by `ownerId` (an active user of the org); runs the `created` hooks. */
export async function createTaskFor(
  tx: Db,
  args: { orgId: number; actor: Actor; ownerId: number; record: { type: CustomerType; id: number }; subject: string; dueDate: string | null },
) {
  await requireActiveUser(tx, args.orgId, args.ownerId, "ownerId");
  const { row, after } = await insertRecordAs(tx, TASK, {
    orgId: args.orgId,
    actor: args.actor,
    values: {
      subject: args.subject,
      dueDate: args.dueDate,
      status: TaskStatus.NOT_STARTED,
      priority: TaskPriority.NORMAL,
      ownerId: args.ownerId,
      recordType: args.record.type,
      recordId: args.record.id,
    },
  });
  return { id: row.id as number, globalId: encodeGlobalId("Task", row.id as number), after };
}

/** A contact's account: the org's account of this name (case-insensitive), or a new one owned by `ownerId`. */
export async function setContactAccount(tx: Db, args: { orgId: number; actor: Actor; contactId: number; accountName: string; ownerId: number }) {
  const [existing] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`${accounts.orgId} = ${args.orgId} and lower(${accounts.name}) = lower(${args.accountName})`)
    .orderBy(accounts.id)
    .limit(1);
  let accountId = existing?.id as number | undefined;
  const after: AfterCommit[] = [];
  if (!accountId) {
    const created = await insertRecordAs(tx, ACCOUNT, { orgId: args.orgId, actor: args.actor, values: { name: args.accountName, ownerId: args.ownerId } });
    accountId = created.row.id as number;
    after.push(...created.after);
  }
  await tx.update(contacts).set({ accountId }).where(and(eq(contacts.orgId, args.orgId), eq(contacts.id, args.contactId)));
  return { accountId, after };
}

/**
 * Attachments of the org by id (their metadata, not their bytes), in key order, null for misses:
 * one statement. For a domain whose rows name an attachment on a record the caller may already view.
 */
export async function attachmentsByIds(db: Db, args: { orgId: number; ids: readonly number[] }) {
  if (!args.ids.length) return [];
  const rows = await db
    .select({
      id: attachments.id,
      recordType: attachments.recordType,
      recordId: attachments.recordId,
      createdBy: attachments.createdBy,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      size: attachments.size,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(and(eq(attachments.orgId, args.orgId), inArray(attachments.id, [...args.ids])));
  const byId = new Map(rows.map((r) => [r.id as number, toAttachment(r)]));
  return args.ids.map((id) => byId.get(id) ?? null);
}
