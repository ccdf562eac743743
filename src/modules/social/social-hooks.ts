import type { Db } from "../../db/client.js";
import type { AfterCommit } from "../records/record-lifecycle.js";
import type { CustomerType } from "../records/record-kind.js";

/** A post stored for the first time (never for a duplicate), as higher modules see it. */
export interface SocialPostIngested {
  orgId: number;
  integrationKeyId: number | null;
  post: { id: number; kind: string; network: string; text: string | null; url: string | null; postedAt: Date };
  author: { profileId: number; handle: string; displayName: string | null };
  /** The lead or contact the author is linked to now, if any. */
  customer: { type: CustomerType; id: number } | null;
}

/**
 * Reactions of higher modules to social posts, run in the transaction that stores the post, so
 * they commit or roll back with it, once per post. Signals raises the SOCIAL signal (SIG-11) here:
 * signals sits above social in the layers (it finds customers by handle through social), so social
 * cannot call it; it offers this hook instead, as records offers its lifecycle hooks.
 */
export interface SocialHooks {
  postIngested?(tx: Db, e: SocialPostIngested): Promise<AfterCommit | void>;
}

declare module "../shared/module.js" {
  interface ModuleExtensions {
    /** How a module reacts to social posts. */
    social: { hooks?: SocialHooks };
  }
}

let registered: SocialHooks[] | null = null;

/** The composition root hands over every module's social hooks, once, at start-up. */
export function registerSocialExtensions(extensions: readonly ({ hooks?: SocialHooks } | undefined)[]) {
  registered = extensions.flatMap((e) => (e?.hooks ? [e.hooks] : []));
}

export async function postIngested(tx: Db, e: SocialPostIngested): Promise<AfterCommit[]> {
  if (!registered) throw new Error("social hooks used before registerSocialExtensions() (src/server/modules.ts)");
  const after: AfterCommit[] = [];
  for (const hooks of registered) {
    const done = await hooks.postIngested?.(tx, e);
    if (done) after.push(done);
  }
  return after;
}
