import { Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root, type ClassType } from "type-graphql";
import type { RequestContext } from "../shared/context.js";
import { User } from "../identity/identity.type.js";
import { ConnectionType, PageArgs, parsePage, toConnection } from "../shared/connection.js";
import type { Model } from "../shared/node.type.js";
import { Attachment, Note } from "./note.type.js";
import type { RecordType } from "./record-kind.js";
import { Task } from "./task.type.js";

export const NoteConnection = ConnectionType("Note", () => Note);
export const TaskConnection = ConnectionType("Task", () => Task);

const NEWEST = "CREATED_AT:DESC";

@ArgsType()
export class RecordTasksArgs extends PageArgs {
  @Field(() => Boolean, { defaultValue: false, description: "Only tasks that are not COMPLETED." })
  openOnly!: boolean;
}

/** `owner`, for every kind of record. */
export function OwnedResolver<T extends Model & { ownerId: number }>(objectType: ClassType<T>) {
  @Resolver(() => objectType)
  abstract class Owned {
    @FieldResolver(() => User, { nullable: true, description: "The user the record is assigned to." })
    owner(@Root() record: T, @Ctx() ctx: RequestContext) {
      return ctx.loaders.identity.users.load(record.ownerId);
    }
  }
  return Owned;
}

/** `owner`, `notes`, `tasks` and `attachments`, for leads, contacts, accounts and deals. All batched. */
export function ParentRecordResolver<T extends Model & { ownerId: number }>(objectType: ClassType<T>, recordType: RecordType) {
  @Resolver(() => objectType)
  abstract class ParentRecord extends OwnedResolver(objectType) {
    @FieldResolver(() => NoteConnection, { description: "Notes, newest first." })
    async notes(@Root() record: T, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
      const page = parsePage(args, NEWEST);
      const rows = await ctx.loaders.records.notesByRecord({ recordType, page }).load(record.dbId);
      return toConnection({
        rows,
        page,
        cursorOf: (n) => ({ key: NEWEST, value: n.createdAt.toISOString(), id: n.dbId }),
        toNode: (n) => n,
        count: () => ctx.loaders.records.noteCountByRecord(recordType).load(record.dbId),
      });
    }

    @FieldResolver(() => TaskConnection, { description: "Tasks about this record, newest first." })
    async tasks(@Root() record: T, @Args(() => RecordTasksArgs) args: RecordTasksArgs, @Ctx() ctx: RequestContext) {
      const page = parsePage(args, NEWEST);
      const openOnly = args.openOnly ?? false;
      const rows = await ctx.loaders.records.tasksByRecord({ recordType, page, openOnly }).load(record.dbId);
      return toConnection({
        rows,
        page,
        cursorOf: (t) => ({ key: NEWEST, value: t.createdAt.toISOString(), id: t.dbId }),
        toNode: (t) => t,
        count: () => ctx.loaders.records.taskCountByRecord({ recordType, openOnly }).load(record.dbId),
      });
    }

    @FieldResolver(() => [Attachment], { description: "Files on this record, newest first (metadata; bytes via `downloadPath`)." })
    attachments(@Root() record: T, @Ctx() ctx: RequestContext) {
      return ctx.loaders.records.attachmentsByRecord(recordType).load(record.dbId);
    }
  }
  return ParentRecord;
}

/**
 * Leads and contacts, the records customers are (spec README). What other modules hang off them
 * (timeline, social profiles) they add from resolvers of their own on Lead and Contact.
 */
export function CustomerRecordResolver<T extends Model & { ownerId: number }>(objectType: ClassType<T>, recordType: "lead" | "contact") {
  @Resolver(() => objectType)
  abstract class CustomerRecord extends ParentRecordResolver(objectType, recordType) {}
  return CustomerRecord;
}
