import { writeEvent } from "../../events/outbox.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, conflict, forbidden, notFound } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { assertEventTime, detailsObject } from "../shared/validation.js";
import { crmScope } from "../shared/viewer.js";
import { publishDelivery, raiseSignal } from "../signals/signal.service.js";
import { SignalEvent, SignalSource } from "../signals/signal-catalog.js";
import { addNote, attachFile, customerDealFacts, setContactAccount } from "../records/records.api.js";
import type { AfterCommit } from "../records/record-lifecycle.js";
import type { CustomerType } from "../records/record-kind.js";
import { requireLinkedIntegration, requireSalesIq, settingsOf } from "./integration.service.js";
import { renderTranscript } from "./transcript.js";
import { ChatSender, CustomerKind, type TaskDue } from "./visitors.catalog.js";
import type { AddVisitorAsContactInput, AddVisitorAsLeadInput, RecordChatInput } from "./visitors.input.js";
import * as repo from "./visitors.repo.js";
import type { Chat, ChatContext } from "./visitors.type.js";
import { addVisitor, autoAdds, operatorsByEmail, ownerFor, resolveVisitor, type KnownVisitor } from "./visitor.service.js";
import type { Db } from "../../db/client.js";

export function toChat(row: repo.ChatRow): Chat {
  return {
    __typename: "Chat",
    id: encodeGlobalId("Chat", row.id),
    dbId: row.id,
    recordType: row.recordType,
    recordId: row.recordId,
    operatorId: row.operatorId,
    transcriptId: row.transcriptId,
    visitDbId: row.visitId,
    visitorId: row.visitorId,
    attended: row.attended,
    subject: row.subject,
    question: row.question,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    messages: row.messages.map((m) => ({ from: m.from as ChatSender, name: m.name ?? null, text: m.text, at: new Date(m.at) })),
    attributes: row.attributes,
    shownAs: row.shownAs,
  } as Chat;
}

function validateChat(input: RecordChatInput, now: number) {
  const key = input.idempotencyKey.trim();
  if (!key) throw badInput("input.idempotencyKey", "cannot be blank");
  if (!input.visitorId.trim()) throw badInput("input.visitorId", "cannot be blank");
  assertEventTime(input.startedAt, "input.startedAt", now);
  if (input.endedAt) {
    assertEventTime(input.endedAt, "input.endedAt", now);
    if (input.endedAt.getTime() < input.startedAt.getTime()) throw badInput("input.endedAt", "is before input.startedAt");
  }
  (input.messages ?? []).forEach((m, i) => {
    assertEventTime(m.at, `input.messages.${i}.at`, now);
    if (!m.text.trim()) throw badInput(`input.messages.${i}.text`, "cannot be blank");
  });
  const attributes = detailsObject(input.attributes, "input.attributes");
  return { key, attributes };
}

const visitorLabel = (row: { visitor: { name?: string; email?: string; phone?: string } | null; visitorId: string }) =>
  row.visitor?.name ?? row.visitor?.email ?? row.visitor?.phone ?? `Visitor ${row.visitorId}`;

/** VIS-11: the note a chat leaves on the lead or contact. */
function chatNote(row: repo.ChatRow, operatorName: string | null) {
  const lines = [
    `${visitorLabel(row)} chatted on the website${row.attended ? ` with ${operatorName ?? row.operatorEmail ?? "an operator"}` : "; nobody attended the chat"}.`,
    row.visitId ? `Visit: ${encodeGlobalId("Visit", row.visitId)}` : null,
    `Chat time: ${row.startedAt.toISOString()}${row.endedAt ? ` to ${row.endedAt.toISOString()}` : ""}`,
    row.subject ? `Subject: ${row.subject}` : null,
    row.question ? `Question: ${row.question}` : null,
  ];
  return { title: row.attended ? "Website chat" : "Unattended website chat", body: lines.filter(Boolean).join("\n") };
}

/** VIS-12: the transcript PDF attached to the record; returns the attachment id. */
async function attachTranscript(tx: Db, orgId: number, actor: { integrationKeyId: number } | { userId: number }, who: KnownVisitor, row: repo.ChatRow) {
  const title = row.subject ?? row.question?.slice(0, 100) ?? "Website chat";
  const pdf = await renderTranscript({
    title,
    visitor: visitorLabel(row),
    operator: row.operatorEmail,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    question: row.question,
    messages: row.messages,
  });
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, " ").trim().slice(0, 120) || "chat";
  const file = await attachFile(tx, { orgId, actor, record: who, fileName: `${safe}.pdf`, contentType: "application/pdf", data: pdf });
  return file.id;
}

/**
 * VIS-11..13, VIS-2..5, VIS-15: stores a pushed chat once per idempotency key. A known visitor's
 * chat leaves a note; an unattended one also raises CHAT/CHAT_UNATTENDED (SIG-6). A new visitor is
 * added as the settings say (attended/unattended modes), lead source "Chat", owned per VIS-5, with
 * the mapped attributes. A finished chat (endedAt) is attached as a PDF transcript when the
 * setting is on. The visitor's earlier visits and chats are tied to the record.
 */
export async function recordChat(ctx: RequestContext, input: RecordChatInput): Promise<{ chat: Chat; duplicate: boolean }> {
  const { integration, row: link, settings } = await requireLinkedIntegration(ctx);
  const orgId = integration.orgId;
  const { key, attributes } = validateChat(input, Date.now());
  const visitorId = input.visitorId.trim();
  const earlier = await repo.findChatByKey(ctx.db, orgId, key);
  if (earlier) return { chat: toChat(earlier), duplicate: true };
  let visitDbId: number | null = null;
  if (input.visitId) {
    visitDbId = decodeIdOfType(input.visitId, "Visit", "input.visitId");
    const visit = await repo.findVisit(ctx.db, orgId, visitDbId);
    if (!visit) throw notFound("Visit", "input.visitId");
    if (visit.visitorId !== visitorId) throw badInput("input.visitId", "is a visit of another visitor");
  }
  if (input.attended && !input.operatorEmail) throw badInput("input.operatorEmail", "an attended chat names its operator");
  const [operatorId] = await operatorsByEmail(ctx.db, orgId, [input.operatorEmail]);
  const actor = { integrationKeyId: integration.keyId };
  const messages = (input.messages ?? []).map((m) => ({ from: m.from, name: m.name?.trim() || null, text: m.text, at: m.at.toISOString() }));

  const stored = await ctx.db.transaction(async (tx) => {
    const after: AfterCommit[] = [];
    let who = await resolveVisitor(tx, orgId, visitorId, input.visitor);
    let shownAs: string | null = null;
    if (!who && autoAdds(settings.autoAdd, input.attended ? "ATTENDED" : "UNATTENDED")) {
      const added = await addVisitor(tx, {
        orgId,
        actor,
        settings,
        ownerId: ownerFor(settings, link.linkedAdminId!, input.attended ? operatorId! : null),
        who: input.visitor,
        source: "Chat",
        attributes: chatAttributes(input, visitorId, attributes),
      });
      if (added) {
        who = added.visitor;
        after.push(...added.after);
        if (!input.attended) shownAs = settings.showUnattendedAs;
      }
    }
    let row = await repo.insertChat(tx, {
      orgId,
      idempotencyKey: key,
      visitorId,
      visitId: visitDbId,
      recordType: who?.type ?? null,
      recordId: who?.id ?? null,
      attended: input.attended,
      operatorId,
      operatorEmail: input.operatorEmail?.trim() || null,
      subject: input.subject?.trim() || null,
      question: input.question?.trim() || null,
      startedAt: input.startedAt,
      endedAt: input.endedAt ?? null,
      visitor: input.visitor ? (Object.fromEntries(Object.entries(input.visitor).filter(([, v]) => typeof v === "string")) as Record<string, string>) : null,
      attributes,
      messages,
      shownAs,
      integrationKeyId: integration.keyId,
    });
    if (!row) return null;
    // The outbox (webhooks' CHAT_RECORDED), in the chat's transaction; ordered per record, or per chat when unknown.
    await writeEvent(tx, {
      orgId,
      type: "CHAT_RECORDED",
      record: who ? { type: who.type, id: who.id } : { type: "chat", id: row.id },
      data: {
        chat: {
          id: encodeGlobalId("Chat", row.id),
          visitorId,
          attended: row.attended,
          subject: row.subject,
          question: row.question,
          startedAt: row.startedAt.toISOString(),
          endedAt: row.endedAt?.toISOString() ?? null,
          operator: row.operatorId ? encodeGlobalId("User", row.operatorId) : null,
        },
        record: who ? { id: encodeGlobalId(who.type === "lead" ? "Lead" : "Contact", who.id), type: who.type.toUpperCase() } : null,
      },
    });
    if (who) {
      await repo.tieVisitor(tx, orgId, visitorId, who);
      await addNote(tx, { orgId, actor, record: who, ...chatNote(row, null) });
      if (!input.attended) {
        const delivery = await raiseSignal(tx, {
          orgId,
          integrationKeyId: integration.keyId,
          customer: who,
          source: SignalSource.CHAT,
          event: SignalEvent.CHAT_UNATTENDED,
          occurredAt: input.startedAt,
          summary: `${who.name}: unattended chat${row.question ? ` (${row.question})` : row.subject ? ` (${row.subject})` : ""}`.slice(0, 500),
          details: { chatId: encodeGlobalId("Chat", row.id), ...(row.question ? { question: row.question } : {}), ...(row.subject ? { subject: row.subject } : {}) },
        });
        after.push((c) => publishDelivery(c, delivery));
      }
      if (row.endedAt && settings.attachTranscripts && row.messages.length) {
        const transcriptId = await attachTranscript(tx, orgId, actor, who, row);
        row = await repo.updateChat(tx, orgId, row.id, { transcriptId });
      }
    }
    return { row, after };
  });
  if (!stored) {
    const first = await repo.findChatByKey(ctx.db, orgId, key);
    if (!first) throw conflict("A chat with this idempotency key was being stored; retry", "input.idempotencyKey");
    return { chat: toChat(first), duplicate: true };
  }
  for (const done of stored.after) done(ctx);
  return { chat: toChat(stored.row), duplicate: false };
}

function chatAttributes(input: { question?: string | null; visitor?: { name?: string | null; email?: string | null; phone?: string | null } | null; startedAt: Date; endedAt?: Date | null }, visitorId: string, attributes: Record<string, unknown>) {
  return {
    visitorId,
    name: input.visitor?.name,
    email: input.visitor?.email,
    phone: input.visitor?.phone,
    question: input.question,
    chatDuration: input.endedAt ? Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 1000) : undefined,
    ...attributes,
  };
}

/** A chat the viewer may see: SalesIQ users; a chat on a record only when the record is visible (CORE-4). */
export async function findVisibleChat(ctx: RequestContext, id: number, field = "id"): Promise<repo.ChatRow> {
  const viewer = requireSalesIq(ctx.viewer);
  const row = await repo.findChat(ctx.db, viewer.orgId, id);
  if (!row) throw notFound("Chat", field);
  if (row.recordId !== null) {
    const visible = await ctx.loaders.records.byType[row.recordType as CustomerType].load(row.recordId);
    if (!visible) throw notFound("Chat", field);
  }
  return row;
}

/**
 * VIS-13: an operator adds the chat's visitor as a new lead or contact (lead source "Chat"),
 * owned by `ownerId` or the operator. The chat (and the visitor's visits and chats) then belong
 * to it. A visitor already in the CRM is a CONFLICT naming the record.
 */
export async function addVisitorAs(
  ctx: RequestContext,
  kind: CustomerKind,
  input: (AddVisitorAsLeadInput | AddVisitorAsContactInput) & { company?: string | null; status?: string | null; accountName?: string | null; taskDue?: TaskDue | null },
) {
  const viewer = requireSalesIq(ctx.viewer);
  crmScope(viewer); // creating records needs the CRM app
  const orgId = viewer.orgId;
  const chatId = decodeIdOfType(input.chatId, "Chat", "input.chatId");
  const ownerId = input.ownerId ? decodeIdOfType(input.ownerId, "User", "input.ownerId") : viewer.userId;
  if (ownerId !== viewer.userId && !crmScope(viewer).all) throw forbidden("Only CRM admins can give records to other users");
  const link = await repo.findIntegration(ctx.db, orgId);
  const settings = settingsOf(link);
  // Visibility through the request's loaders first: inside the transaction only `tx` may be used.
  await findVisibleChat(ctx, chatId, "input.chatId");
  const result = await ctx.db.transaction(async (tx) => {
    const chat = await repo.findChat(tx, orgId, chatId, true);
    if (!chat) throw notFound("Chat", "input.chatId");
    if (chat.recordId !== null) throw conflict(`The visitor is already a ${chat.recordType} (${encodeGlobalId(chat.recordType === "lead" ? "Lead" : "Contact", chat.recordId)})`, "input.chatId");
    const added = await addVisitor(tx, {
      orgId,
      actor: { userId: viewer.userId },
      settings,
      kind,
      ownerId,
      who: { ...chat.visitor, phone: input.phone ?? chat.visitor?.phone ?? null },
      source: "Chat",
      attributes: chatAttributes({ ...chat, visitor: chat.visitor }, chat.visitorId, chat.attributes),
      extra: { lastName: input.lastName?.trim() || null, phone: input.phone ?? null, company: kind === CustomerKind.LEAD ? (input.company ?? null) : undefined, status: input.status ?? null },
      taskDue: kind === CustomerKind.CONTACT ? (input.taskDue ?? null) : null,
      field: "input",
    });
    if (!added) throw badInput("input.lastName", "the visitor gave no name or email: give lastName");
    await repo.tieVisitor(tx, orgId, chat.visitorId, added.visitor);
    await repo.updateChat(tx, orgId, chat.id, { recordType: added.visitor.type, recordId: added.visitor.id });
    if (kind === CustomerKind.CONTACT && input.accountName?.trim()) {
      const linked = await setContactAccount(tx, { orgId, actor: { userId: viewer.userId }, contactId: added.visitor.id, accountName: input.accountName.trim(), ownerId });
      added.after.push(...linked.after);
    }
    return added;
  });
  for (const done of result.after) done(ctx);
  const record = await ctx.loaders.records.byType[result.visitor.type].load(result.visitor.id);
  if (!record) throw notFound(kind === CustomerKind.LEAD ? "Lead" : "Contact");
  return record;
}

/**
 * VIS-14: the CRM context of a visitor for the chat window, with empty fields left out: for a
 * lead company, phone, lead status, owner, lead source, annual revenue, employees; for a contact
 * account name, phone, owner, lead source; and the open deal count and amount. Null for an
 * unknown visitor (or one whose record the viewer may not view).
 */
export async function chatContext(ctx: RequestContext, visitorId: string): Promise<ChatContext | null> {
  const viewer = requireSalesIq(ctx.viewer);
  const tied = await repo.findVisitorRecord(ctx.db, viewer.orgId, visitorId.trim());
  if (!tied) return null;
  const type = tied.recordType as CustomerType;
  const record = (await ctx.loaders.records.byType[type].load(tied.recordId)) as Record<string, unknown> | null;
  if (!record) return null;
  const [owner, facts, account] = await Promise.all([
    ctx.loaders.identity.users.load(record.ownerId as number),
    customerDealFacts(ctx.db, { orgId: viewer.orgId, customers: [{ type, id: tied.recordId }] }).then((f) => f[0]!),
    type === "contact" && record.accountId ? ctx.loaders.records.byType.account.load(record.accountId as number) : Promise.resolve(null),
  ]);
  const pairs: [string, unknown][] =
    type === "lead"
      ? [
          ["Company", record.company],
          ["Phone", record.phone],
          ["Lead status", record.status],
          ["Owner", owner?.name],
          ["Lead source", record.source],
          ["Annual revenue", record.annualRevenue],
          ["Employees", record.employees],
        ]
      : [
          ["Account name", (account as { name?: string } | null)?.name],
          ["Phone", record.phone],
          ["Owner", owner?.name],
          ["Lead source", record.source],
        ];
  return {
    recordType: type,
    recordId: tied.recordId,
    fields: pairs.filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== "").map(([label, value]) => ({ label, value: String(value) })),
    openDealCount: facts.openCount,
    openDealAmount: facts.openAmount,
  };
}
