import type { PgColumn } from "drizzle-orm/pg-core";
import { accounts, contacts, deals, leads, tasks } from "../../db/schema/index.js";
import { decodeIdOf, type NodeType } from "../shared/global-id.js";
import { CrmModule } from "./customization.type.js";

/** The record tables share these columns; the generic repo works on them alone. */
export type RecordTable = typeof leads | typeof contacts | typeof accounts | typeof deals | typeof tasks;

export type RecordType = "lead" | "contact" | "account" | "deal" | "task";

/** Leads and contacts: the records customers are, with timelines (spec README). */
export type CustomerType = "lead" | "contact";
export const isCustomerType = (type: string): type is CustomerType => type === "lead" || type === "contact";

export interface RecordKind {
  type: RecordType;
  typename: NodeType;
  module: CrmModule;
  table: RecordTable;
  /** The column sorted on for `NAME`. */
  nameColumn: PgColumn;
  /** Columns `search` matches (case-insensitive substring). */
  searchColumns: PgColumn[];
}

export const LEAD: RecordKind = {
  type: "lead",
  typename: "Lead",
  module: CrmModule.LEADS,
  table: leads,
  nameColumn: leads.lastName,
  searchColumns: [leads.firstName, leads.lastName, leads.email, leads.company],
};
export const CONTACT: RecordKind = {
  type: "contact",
  typename: "Contact",
  module: CrmModule.CONTACTS,
  table: contacts,
  nameColumn: contacts.lastName,
  searchColumns: [contacts.firstName, contacts.lastName, contacts.email],
};
export const ACCOUNT: RecordKind = {
  type: "account",
  typename: "Account",
  module: CrmModule.ACCOUNTS,
  table: accounts,
  nameColumn: accounts.name,
  searchColumns: [accounts.name, accounts.website],
};
export const DEAL: RecordKind = {
  type: "deal",
  typename: "Deal",
  module: CrmModule.DEALS,
  table: deals,
  nameColumn: deals.name,
  searchColumns: [deals.name],
};
export const TASK: RecordKind = {
  type: "task",
  typename: "Task",
  module: CrmModule.TASKS,
  table: tasks,
  nameColumn: tasks.subject,
  searchColumns: [tasks.subject],
};

export const RECORD_KINDS = [LEAD, CONTACT, ACCOUNT, DEAL, TASK] as const;
export const kindOfTypename = (typename: string) => RECORD_KINDS.find((k) => k.typename === typename);

/** Leads and contacts: the customers that timelines, signals and social profiles attach to. */
export const CUSTOMER_KINDS = [LEAD, CONTACT] as const;
/** Kinds that notes, attachments and tasks may hang off. */
export const PARENT_KINDS = [LEAD, CONTACT, ACCOUNT, DEAL] as const;

/** The kind and database id of a global ID that must name one of `kinds`; any other is a bad input. */
export function decodeRecordId(globalId: string, kinds: readonly RecordKind[], field: string): { kind: RecordKind; id: number } {
  const { type, id } = decodeIdOf(globalId, kinds.map((k) => k.typename), field);
  return { kind: kinds.find((k) => k.typename === type)!, id };
}
