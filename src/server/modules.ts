import admin from "../modules/admin/index.js";
import followUp from "../modules/follow-up/index.js";
import identity from "../modules/identity/index.js";
import records from "../modules/records/index.js";
import signals from "../modules/signals/index.js";
import social from "../modules/social/index.js";
import timeline from "../modules/timeline/index.js";
import webhooks from "../modules/webhooks/index.js";
import { registerEventListeners } from "../events/outbox.js";
import visitors from "../modules/visitors/index.js";
import { registerOrgHooks } from "../modules/identity/org-lifecycle.js";
import { registerRecordExtensions } from "../modules/records/record-lifecycle.js";
import { registerSocialExtensions } from "../modules/social/social-hooks.js";
import type { ModuleDeps, NodeFinder } from "../modules/shared/context.js";
import type { ModuleDefinition, ModuleJob } from "../modules/shared/module.js";

/** Every domain of the graph, lowest layer first (src/modules/README.md). A new domain is one line here. */
export const MODULES: readonly ModuleDefinition[] = [identity, records, timeline, social, signals, visitors, followUp, admin, webhooks];

/** Hands each module's extensions to the module that offers them; once per process. */
export function registerExtensions(modules: readonly ModuleDefinition[] = MODULES) {
  registerOrgHooks(modules.map((m) => m.identity?.orgHooks));
  registerRecordExtensions(modules.map((m) => m.records));
  registerSocialExtensions(modules.map((m) => m.social));
  registerEventListeners(modules.map((m) => m.events?.written));
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

/** Every module's background jobs, started now; each is stopped on shutdown. */
export function startJobs(deps: ModuleDeps, modules: readonly ModuleDefinition[] = MODULES): ModuleJob[] {
  return modules.flatMap((m) => m.jobs?.(deps) ?? []);
}
