import type { Db } from "../../db/client.js";
import { writeEvent } from "../../events/outbox.js";
import type { RecordHooks, RecordRow } from "../records/record-lifecycle.js";
import { encodeGlobalId, type NodeType } from "../shared/global-id.js";

const gid = (type: NodeType, id: unknown) => (typeof id === "number" ? encodeGlobalId(type, id) : null);
const name = (row: RecordRow) => [row.firstName, row.lastName].filter(Boolean).join(" ");

const leadFields = (row: RecordRow) => ({
  id: gid("Lead", row.id),
  name: name(row),
  firstName: row.firstName ?? null,
  lastName: row.lastName ?? null,
  company: row.company ?? null,
  email: row.email ?? null,
  phone: row.phone ?? null,
  status: row.status ?? null,
  source: row.source ?? null,
  ownerId: gid("User", row.ownerId),
  customFields: row.customFields ?? {},
});

const dealFields = (row: RecordRow) => ({
  id: gid("Deal", row.id),
  name: row.name ?? null,
  stage: row.stage ?? null,
  amount: row.amount ?? null,
  closingDate: row.closingDate ?? null,
  contactId: gid("Contact", row.contactId),
  accountId: gid("Account", row.accountId),
  ownerId: gid("User", row.ownerId),
});

/**
 * HOOK-2: records' events, written to the outbox from records' lifecycle hooks, in the record's
 * transaction (records knows nothing of webhooks): a lead created, a lead converted, a deal's stage
 * changed.
 */
export const writeRecordEvents: RecordHooks = {
  async created(tx: Db, e) {
    if (e.record.type !== "lead") return;
    await writeEvent(tx, { orgId: e.orgId, type: "LEAD_CREATED", record: e.record, data: { lead: leadFields(e.row) } });
  },
  async changed(tx: Db, e) {
    if (e.record.type !== "deal" || !e.before || !e.after || e.before.stage === e.after.stage) return;
    await writeEvent(tx, {
      orgId: e.orgId,
      type: "DEAL_STAGE_CHANGED",
      record: e.record,
      data: { deal: dealFields(e.after), previousStage: e.before.stage ?? null, stage: e.after.stage ?? null },
    });
  },
  async converted(tx: Db, e) {
    const made = e.made;
    await writeEvent(tx, {
      orgId: e.orgId,
      type: "LEAD_CONVERTED",
      // On the lead's key: it follows the lead's earlier events.
      record: e.from,
      data: {
        lead: made ? leadFields(made.lead) : { id: gid("Lead", e.from.id) },
        contact: made
          ? { id: gid("Contact", made.contact.id), name: name(made.contact), email: made.contact.email ?? null, accountId: gid("Account", made.contact.accountId) }
          : { id: gid("Contact", e.to.id) },
        account: made?.account ? { id: gid("Account", made.account.id), name: made.account.name ?? null } : null,
        deal: made?.deal ? dealFields(made.deal) : null,
      },
    });
  },
};
