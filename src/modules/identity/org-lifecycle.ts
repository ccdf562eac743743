import type { Db } from "../../db/client.js";

/** Reactions of other modules to an organisation's lifecycle, run in its transaction. */
export interface OrgHooks {
  /** A new organisation and its admin were created (bootstrap): set up what the module needs. */
  created?(tx: Db, orgId: number): Promise<void>;
}

declare module "../shared/module.js" {
  interface ModuleExtensions {
    identity: { orgHooks?: OrgHooks };
  }
}

let registered: OrgHooks[] | null = null;

/** The composition root hands over every module's organisation hooks at start-up. */
export function registerOrgHooks(hooks: readonly (OrgHooks | undefined)[]) {
  registered = hooks.filter((h): h is OrgHooks => Boolean(h));
}

export async function orgCreated(tx: Db, orgId: number) {
  // An organisation created before the modules were composed would miss its set-up: refuse instead.
  if (!registered) throw new Error("organisation lifecycle used before registerOrgHooks() (src/server/modules.ts)");
  for (const hooks of registered) await hooks.created?.(tx, orgId);
}
