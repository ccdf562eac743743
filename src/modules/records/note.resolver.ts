import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { User } from "../identity/identity.type.js";
import { Node } from "../shared/node.type.js";
import { Attachment, Note } from "./note.type.js";
import * as service from "./note.service.js";
import type { RecordType } from "./record-kind.js";
import { AddAttachmentInput, CreateNoteInput } from "./note.input.js";

const parentOf = (ctx: RequestContext, child: { recordType: string; recordId: number }) =>
  ctx.loaders.records.byType[child.recordType as RecordType].load(child.recordId);

@Resolver(() => Note)
export class NoteResolver {
  @FieldResolver(() => User, { nullable: true })
  author(@Root() note: Note, @Ctx() ctx: RequestContext) {
    return note.createdById ? ctx.loaders.identity.users.load(note.createdById) : null;
  }

  @FieldResolver(() => Node, { nullable: true, description: "The lead, contact, account or deal the note is on." })
  record(@Root() note: Note, @Ctx() ctx: RequestContext) {
    return parentOf(ctx, note);
  }

  @Mutation(() => Note, { description: "Add a note to a lead, contact, account or deal you may view." })
  createNote(@Arg("input", () => CreateNoteInput) input: CreateNoteInput, @Ctx() ctx: RequestContext) {
    return service.createNote(ctx, input);
  }

  @Mutation(() => ID)
  deleteNote(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteNote(ctx, id);
  }
}

@Resolver(() => Attachment)
export class AttachmentResolver {
  @FieldResolver(() => User, { nullable: true })
  uploadedBy(@Root() attachment: Attachment, @Ctx() ctx: RequestContext) {
    return attachment.createdById ? ctx.loaders.identity.users.load(attachment.createdById) : null;
  }

  @FieldResolver(() => Node, { nullable: true })
  record(@Root() attachment: Attachment, @Ctx() ctx: RequestContext) {
    return parentOf(ctx, attachment);
  }

  @Mutation(() => Attachment, { description: "Attach a file (base64) to a lead, contact, account or deal you may view." })
  addAttachment(@Arg("input", () => AddAttachmentInput) input: AddAttachmentInput, @Ctx() ctx: RequestContext) {
    return service.addAttachment(ctx, input);
  }

  @Mutation(() => ID)
  deleteAttachment(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return service.deleteAttachment(ctx, id);
  }
}
