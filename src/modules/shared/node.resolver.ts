import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "./context.js";
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
    requireViewer(ctx.viewer);
    const { type, id: dbId } = decodeGlobalId(id);
    // Each module registers the Node types it owns (src/modules/<domain>/index.ts).
    const find = ctx.nodeFinders.get(type);
    const found = find ? await find(ctx, dbId) : null;
    if (!found) throw notFound(type, "id");
    return found;
  }
}
