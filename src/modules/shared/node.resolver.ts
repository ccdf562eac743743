import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../server/context.js";
import { getOrganization } from "../identity/identity.service.js";
import { findNoteOrAttachment } from "../records/note.service.js";
import { findVisibleEntry } from "../timeline/timeline.service.js";
import { kindOfTypename } from "../records/record-kind.js";
import { notFound } from "./errors.js";
import { decodeGlobalId } from "./global-id.js";
import { Node } from "./node.type.js";
import { requireViewer } from "./viewer.js";

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "Any object by its global ID. Unknown IDs, other organisations' and records you may not view are NOT_FOUND alike.",
  })
  async node(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx.viewer);
    const { type, id: dbId } = decodeGlobalId(id);
    const kind = kindOfTypename(type);
    let found: unknown = null;
    if (kind) found = await ctx.loaders.records[kind.type].load(dbId);
    else if (type === "User") found = await ctx.loaders.users.load(dbId);
    else if (type === "Note" || type === "Attachment") found = await findNoteOrAttachment(ctx, type, dbId);
    else if (type === "TimelineEntry") found = await findVisibleEntry(ctx, dbId);
    else if (type === "Organization" && dbId === viewer.orgId) {
      found = await getOrganization(ctx, dbId);
    }
    if (!found) throw notFound(type, "id");
    return found;
  }
}
