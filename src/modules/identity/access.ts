import type { RequestContext } from "../shared/context.js";
import { isTokenLive } from "./identity.repo.js";

/**
 * DESIGN trap 3: a subscription's context is built once. Before each batch of pushed events the
 * token and the user are checked again (false: access is gone), and the batch gets fresh loaders.
 */
export async function refreshAccess(ctx: RequestContext): Promise<boolean> {
  const viewer = ctx.viewer!;
  if (!(await isTokenLive(ctx.db, viewer.tokenId, viewer.orgId))) return false;
  ctx.renewLoaders();
  return true;
}

/** Whether a connection's token is still unrevoked and its user active (a WebSocket sweep after pub/sub was away). */
export const isAccessLive = (db: RequestContext["db"], viewer: { tokenId: number; orgId: number }) => isTokenLive(db, viewer.tokenId, viewer.orgId);
