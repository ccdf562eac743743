import { encodeGlobalId } from "../shared/global-id.js";
import { Account } from "./account.type.js";
import { Contact } from "./contact.type.js";
import { isOpenStage } from "./deal-stage.js";
import { Deal } from "./deal.type.js";
import { Lead } from "./lead.type.js";
import type { Attachment, Note } from "./note.type.js";
import type { RecordKind, RecordType } from "./record-kind.js";
import { TaskStatus } from "./record.type.js";
import { Task } from "./task.type.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = any;

const personName = (row: { firstName: string | null; lastName: string }) =>
  [row.firstName, row.lastName].filter(Boolean).join(" ");

const CLASSES: Record<RecordType, new () => Lead | Contact | Account | Deal | Task> = {
  lead: Lead,
  contact: Contact,
  account: Account,
  deal: Deal,
  task: Task,
};

/**
 * A database row as the GraphQL model of its kind: global ID, type name and derived fields, as an
 * instance of its type-graphql class. type-graphql copies any other object into one on every call
 * of a field resolver (`convertToType`: twice per `owner`, `account`, `deals`… of every row); one
 * copy here spares those. (`Object.setPrototypeOf` on the row would spare this one too, but costs
 * V8 twenty times as much.)
 */
export function toModel(kind: RecordKind, row: Row): Lead | Contact | Account | Deal | Task {
  const model: Row = Object.assign(new CLASSES[kind.type](), row, {
    __typename: kind.typename,
    id: encodeGlobalId(kind.typename, row.id),
    dbId: row.id,
  });
  switch (kind.type) {
    case "lead":
    case "contact":
      model.name = personName(row);
      break;
    case "deal":
      model.isOpen = isOpenStage(row.stage);
      break;
    case "task":
      model.isOpen = row.status !== TaskStatus.COMPLETED;
      break;
  }
  return model;
}

export const toNote = (row: Row): Note => ({
  __typename: "Note",
  id: encodeGlobalId("Note", row.id),
  dbId: row.id,
  recordType: row.recordType,
  recordId: row.recordId,
  createdById: row.createdBy,
  title: row.title,
  body: row.body,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toAttachment = (row: Row): Attachment => {
  const id = encodeGlobalId("Attachment", row.id);
  return {
    __typename: "Attachment",
    id,
    dbId: row.id,
    recordType: row.recordType,
    recordId: row.recordId,
    createdById: row.createdBy,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    downloadPath: `/attachments/${id}`,
    createdAt: row.createdAt,
  };
};
