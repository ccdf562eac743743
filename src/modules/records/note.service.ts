import { and, eq } from "drizzle-orm";
import { attachments, notes } from "../../db/schema/index.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, notFound } from "../shared/errors.js";
import { decodeIdOfType } from "../shared/global-id.js";
import { crmScope } from "../shared/viewer.js";
import type { AddAttachmentInput, CreateNoteInput } from "./note.input.js";
import { toAttachment, toNote } from "./record.model.js";
import { RECORD_KINDS } from "./record-kind.js";
import { getVisibleParent } from "./record.service.js";

export async function createNote(ctx: RequestContext, input: CreateNoteInput) {
  const { kind, record } = await getVisibleParent(ctx, input.recordId, "input.recordId");
  const [row] = await ctx.db
    .insert(notes)
    .values({
      orgId: ctx.viewer!.orgId,
      recordType: kind.type,
      recordId: record.dbId,
      title: input.title?.trim() || null,
      body: input.body,
      createdBy: ctx.viewer!.userId,
    })
    .returning();
  return toNote(row);
}

/** A note or attachment is visible when its record is (CORE-4). */
async function findVisibleChild<T extends { recordType: string; recordId: number }>(
  ctx: RequestContext,
  row: T | undefined,
  what: string,
): Promise<T> {
  if (!row) throw notFound(what, "id");
  const kind = RECORD_KINDS.find((k) => k.type === row.recordType);
  const parent = kind ? await ctx.loaders.records.byType[kind.type].load(row.recordId) : null;
  if (!parent) throw notFound(what, "id");
  return row;
}

export async function deleteNote(ctx: RequestContext, id: string): Promise<string> {
  const { orgId } = crmScope(ctx.viewer);
  const noteId = decodeIdOfType(id, "Note", "id");
  const [row] = await ctx.db.select().from(notes).where(and(eq(notes.orgId, orgId), eq(notes.id, noteId)));
  await findVisibleChild(ctx, row, "Note");
  await ctx.db.delete(notes).where(and(eq(notes.orgId, orgId), eq(notes.id, noteId)));
  return id;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function addAttachment(ctx: RequestContext, input: AddAttachmentInput) {
  const { kind, record } = await getVisibleParent(ctx, input.recordId, "input.recordId");
  const max = ctx.config.limits.attachmentMaxBytes;
  const encoded = input.contentBase64.replace(/\s+/g, "");
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw badInput("input.contentBase64", "is not valid base64");
  if (Math.floor((encoded.length * 3) / 4) > max + 2) {
    throw badInput("input.contentBase64", `the file is larger than the ${max}-byte limit`, { max });
  }
  const data = Buffer.from(encoded, "base64");
  if (data.length > max) throw badInput("input.contentBase64", `the file is larger than the ${max}-byte limit`, { max });
  if (data.length === 0) throw badInput("input.contentBase64", "the file is empty");
  const [row] = await ctx.db
    .insert(attachments)
    .values({
      orgId: ctx.viewer!.orgId,
      recordType: kind.type,
      recordId: record.dbId,
      fileName: input.fileName.trim(),
      contentType: input.contentType.toLowerCase(),
      size: data.length,
      data,
      createdBy: ctx.viewer!.userId,
    })
    .returning();
  return toAttachment(row);
}

export async function deleteAttachment(ctx: RequestContext, id: string): Promise<string> {
  const { orgId } = crmScope(ctx.viewer);
  const attachmentId = decodeIdOfType(id, "Attachment", "id");
  const [row] = await ctx.db
    .select({ recordType: attachments.recordType, recordId: attachments.recordId })
    .from(attachments)
    .where(and(eq(attachments.orgId, orgId), eq(attachments.id, attachmentId)));
  await findVisibleChild(ctx, row, "Attachment");
  await ctx.db.delete(attachments).where(and(eq(attachments.orgId, orgId), eq(attachments.id, attachmentId)));
  return id;
}

/** For the download route: the bytes of an attachment whose record the viewer may view. */
export async function getAttachmentContent(ctx: RequestContext, id: string) {
  const { orgId } = crmScope(ctx.viewer);
  const attachmentId = decodeIdOfType(id, "Attachment", "id");
  const [row] = await ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.orgId, orgId), eq(attachments.id, attachmentId)));
  return findVisibleChild(ctx, row, "Attachment");
}

/** node(id:) for notes and attachments. */
export async function findNoteOrAttachment(ctx: RequestContext, type: "Note" | "Attachment", id: number) {
  const { orgId } = crmScope(ctx.viewer);
  if (type === "Note") {
    const [row] = await ctx.db.select().from(notes).where(and(eq(notes.orgId, orgId), eq(notes.id, id)));
    return toNote(await findVisibleChild(ctx, row, "Note"));
  }
  const [row] = await ctx.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.orgId, orgId), eq(attachments.id, id)));
  return toAttachment(await findVisibleChild(ctx, row, "Attachment"));
}
