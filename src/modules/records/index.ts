import { attachments, fieldValueHistory, notes, tasks } from "../../db/schema/index.js";
import type { RecordLinkedTable } from "../../db/record-links.js";
import { defineModule } from "../shared/module.js";
import { AccountResolver } from "./account.resolver.js";
import { ContactResolver } from "./contact.resolver.js";
import { CustomizationResolver } from "./customization.resolver.js";
import { findCustomField } from "./custom-field.service.js";
import { seedOrgDefaults } from "./customization.service.js";
import { DealResolver } from "./deal.resolver.js";
import { LeadResolver } from "./lead.resolver.js";
import { AttachmentResolver, NoteResolver } from "./note.resolver.js";
import { findNoteOrAttachment } from "./note.service.js";
import { RECORD_KINDS } from "./record-kind.js";
import { createRecordLoaders } from "./record.loaders.js";
import { TaskResolver } from "./task.resolver.js";

/** Leads, contacts, accounts, deals, tasks, notes, attachments, customization and value history. */
export default defineModule({
  name: "records",
  resolvers: [LeadResolver, ContactResolver, AccountResolver, DealResolver, TaskResolver, NoteResolver, AttachmentResolver, CustomizationResolver],
  createLoaders: createRecordLoaders,
  nodeTypes: {
    ...Object.fromEntries(RECORD_KINDS.map((kind) => [kind.typename, (ctx, id) => ctx.loaders.records.byType[kind.type].load(id)])),
    Note: (ctx, id) => findNoteOrAttachment(ctx, "Note", id),
    Attachment: (ctx, id) => findNoteOrAttachment(ctx, "Attachment", id),
    CustomField: (ctx, id) => findCustomField(ctx, id),
  },
  // Notes, attachments, tasks and value history go with their record and move with a converted lead.
  records: { links: [notes, attachments, tasks, fieldValueHistory].map((table) => ({ table: table as RecordLinkedTable, onDelete: "delete" as const })) },
  identity: { orgHooks: { created: seedOrgDefaults } },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    Lead: true;
    Contact: true;
    Account: true;
    Deal: true;
    Task: true;
    Note: true;
    Attachment: true;
    CustomField: true;
  }
}
