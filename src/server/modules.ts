import followUp from "../modules/follow-up/index.js";
import identity from "../modules/identity/index.js";
import records from "../modules/records/index.js";
import signals from "../modules/signals/index.js";
import social from "../modules/social/index.js";
import timeline from "../modules/timeline/index.js";
import visitors from "../modules/visitors/index.js";
import { registerOrgHooks } from "../modules/identity/org-lifecycle.js";
import { registerRecordExtensions } from "../modules/records/record-lifecycle.js";
import type { NodeFinder } from "../modules/shared/context.js";
import type { ModuleDefinition } from "../modules/shared/module.js";

/** Every domain of the graph, lowest layer first (src/modules/README.md). A new domain is one line here. */
export const MODULES: readonly ModuleDefinition[] = [identity, records, timeline, social, signals, visitors, followUp];

/** Hands each module's extensions to the module that offers them; once per process. */
export function registerExtensions(modules: readonly ModuleDefinition[] = MODULES) {
  registerOrgHooks(modules.map((m) => m.identity?.orgHooks));
  registerRecordExtensions(modules.map((m) => m.records));
}

/** `node(id:)`'s registry: each typename belongs to exactly one module. */
export function nodeFinders(modules: readonly ModuleDefinition[] = MODULES): ReadonlyMap<string, NodeFinder> {
  const finders = new Map<string, NodeFinder>();
  for (const m of modules) {
    for (const [typename, find] of Object.entries(m.nodeTypes ?? {})) {
      if (finders.has(typename)) throw new Error(`Node type ${typename} is registered by two modules`);
      finders.set(typename, find);
    }
  }
  return finders;
}
