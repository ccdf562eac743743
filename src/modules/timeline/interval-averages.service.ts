import type { Logger } from "pino";
import type { ModuleJob } from "../shared/module.js";
import { startPeriodicJob } from "../shared/periodic-job.js";
import type { Db } from "../../db/client.js";
import type { RequestContext } from "../shared/context.js";
import { CrmModule } from "../records/customization.type.js";
import { crmScope, requireCrmAdmin } from "../shared/viewer.js";
import type { TimelineAverage } from "./timeline.type.js";
import * as repo from "./timeline.repo.js";

const MODULE_OF: Record<string, CrmModule> = { lead: CrmModule.LEADS, contact: CrmModule.CONTACTS };

export const toAverage = (row: repo.AverageRow): TimelineAverage => ({
  module: MODULE_OF[row.recordType]!,
  averageIntervalSeconds: row.averageSeconds,
  intervals: Number(row.intervals),
  computedAt: row.computedAt,
});

const byModule = (a: TimelineAverage, b: TimelineAverage) => a.module.localeCompare(b.module);

/** TL-9: the org's current module averages (empty until first computed). */
export async function listAverages(ctx: RequestContext): Promise<TimelineAverage[]> {
  const scope = crmScope(ctx.viewer);
  return (await repo.findAverages(ctx.db, scope.orgId)).map(toAverage).sort(byModule);
}

/** TL-9, on demand: a CRM admin recomputes now, after any computation already running for the org. */
export async function recomputeAverages(ctx: RequestContext): Promise<TimelineAverage[]> {
  const { orgId } = requireCrmAdmin(ctx.viewer);
  await ctx.db.transaction(async (tx) => {
    await repo.lockAverages(tx, orgId);
    await repo.computeAverages(tx, orgId);
  });
  return (await repo.findAverages(ctx.db, orgId)).map(toAverage).sort(byModule);
}

/**
 * TL-9, scheduled: recomputes every org whose averages are missing or older than `maxAgeMs`.
 * Each org is computed under a transaction-scoped advisory lock, and its staleness is checked
 * again under the lock, so with any number of instances ticking at once each org is computed
 * once. Returns the orgs this call computed.
 */
export async function refreshDueAverages(db: Db, maxAgeMs: number, now = new Date()): Promise<number[]> {
  const cutoff = new Date(now.getTime() - maxAgeMs);
  const computed: number[] = [];
  for (const orgId of await repo.findOrgsDue(db, cutoff)) {
    const did = await db.transaction(async (tx) => {
      if (!(await repo.tryLockAverages(tx, orgId))) return false;
      if ((await repo.findOrgsDue(tx, cutoff, orgId)).length === 0) return false;
      await repo.computeAverages(tx, orgId);
      return true;
    });
    if (did) computed.push(orgId);
  }
  return computed;
}

/**
 * The weekly job (TL-9): every `checkEveryMs` (and once shortly after start) each instance looks
 * for orgs whose averages are older than `maxAgeMs` and computes them. Ticks never overlap, and
 * `stop()` waits for a running one.
 */
export function startAveragesJob(db: Db, log: Logger, options: { checkEveryMs: number; maxAgeMs: number }): ModuleJob {
  return startPeriodicJob({
    name: "timeline interval averages",
    everyMs: options.checkEveryMs,
    log,
    run: async () => {
      const orgs = await refreshDueAverages(db, options.maxAgeMs);
      if (orgs.length) log.info({ orgs: orgs.length }, "timeline interval averages recomputed");
    },
  });
}
