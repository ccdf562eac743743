import type { Logger } from "pino";
import type { ModuleJob } from "./module.js";

/**
 * A module's periodic work on every instance: `run` every `everyMs` (and once shortly after start).
 * Runs never overlap; a failure is logged and the next tick tries again; `stop()` waits for a
 * running one. What must happen once across instances takes its own advisory lock inside `run`.
 */
export function startPeriodicJob(args: { name: string; everyMs: number; log: Logger; run: () => Promise<void> }): ModuleJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = running.then(async () => {
      if (stopped) return;
      try {
        await args.run();
      } catch (error) {
        args.log.error({ err: error, job: args.name }, `${args.name} job failed`);
      }
    });
  };
  const first = setTimeout(tick, Math.min(5_000, args.everyMs));
  const timer = setInterval(tick, args.everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
