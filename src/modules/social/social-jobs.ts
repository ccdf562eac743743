import type { ModuleDeps } from "../shared/context.js";
import type { ModuleJob } from "../shared/module.js";
import { startPeriodicJob } from "../shared/periodic-job.js";
import * as repo from "./social.repo.js";
import { refreshDueTopDeals } from "./social.service.js";

const DAY_MS = 24 * 3_600_000;

/**
 * SOC-5 "refreshed daily": every SOCIAL_TOP_DEALS_CHECK_SECONDS (and shortly after start) each
 * instance recomputes the top-10-deal snapshots older than a day, each org under an advisory lock
 * so that several instances compute it once; unused uploads past their expiry are deleted too.
 * Ticks never overlap; `stop()` waits for a running one.
 */
export function startTopDealsJob({ db, log, config }: ModuleDeps): ModuleJob {
  const every = config.social.topDealsCheckEveryMs;
  if (every <= 0) return { stop: async () => {} };
  return startPeriodicJob({
    name: "social top-10 deals",
    everyMs: every,
    log,
    run: async () => {
      const orgs = await refreshDueTopDeals(db, DAY_MS);
      if (orgs.length) log.info({ orgs: orgs.length }, "social top-10 deals refreshed");
      await repo.deleteExpiredUploads(db);
    },
  });
}
