import { registerEnumType } from "type-graphql";

export enum CrmClass {
  CUSTOMER = "CUSTOMER",
  CUSTOMER_WITH_OPEN_DEALS = "CUSTOMER_WITH_OPEN_DEALS",
  LEAD_OR_CONTACT = "LEAD_OR_CONTACT",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(CrmClass, {
  name: "CrmClass",
  description:
    "How important a person is to the business. CUSTOMER: all deals closed and at least one won; " +
    "CUSTOMER_WITH_OPEN_DEALS: at least one open deal; LEAD_OR_CONTACT: a lead, or a contact with no deals or only lost ones; " +
    "UNKNOWN: not a CRM record.",
});

export enum RecordSortField {
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
  NAME = "NAME",
}
registerEnumType(RecordSortField, {
  name: "RecordSortField",
  description: "NAME sorts leads and contacts by last name, accounts and deals by name, tasks by subject.",
});

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection" });

export enum TaskStatus {
  NOT_STARTED = "NOT_STARTED",
  IN_PROGRESS = "IN_PROGRESS",
  WAITING_FOR_INPUT = "WAITING_FOR_INPUT",
  DEFERRED = "DEFERRED",
  COMPLETED = "COMPLETED",
}
registerEnumType(TaskStatus, { name: "TaskStatus", description: "A task is open until it is COMPLETED." });

export enum TaskPriority {
  LOWEST = "LOWEST",
  LOW = "LOW",
  NORMAL = "NORMAL",
  HIGH = "HIGH",
  HIGHEST = "HIGHEST",
}
registerEnumType(TaskPriority, { name: "TaskPriority" });
