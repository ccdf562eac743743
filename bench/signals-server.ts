/**
 * The app under test for `npm run bench:signals`, in its own process (forked by bench/signals.ts
 * with --expose-gc, and --cpu-prof when asked), so that its memory and CPU are its own.
 *
 * Requests: start { env } -> { port }; mem { snapshot? } -> memoryUsage after GC (and a heap
 * snapshot written to that path); stats -> CPU time, event-loop delay since the last stats call and
 * live notification listeners; stop -> stops the app, exits.
 */
import "reflect-metadata";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";
import type { PubSub } from "../src/realtime/pubsub.js";
import type { RunningApp } from "../src/server/app.js";
import { serve } from "./signals-ipc.js";

// As in production (see bench/run.ts): set before graphql-js and the app are first loaded.
process.env.NODE_ENV = "production";

export interface ServerStats {
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Event-loop delay (ms) since the previous stats call. */
  loopDelay: { p50: number; p99: number; max: number };
  /** Pub/sub listeners in place (one per live subscription), by topic. */
  listeners: Record<string, number>;
}

let app: RunningApp | null = null;
const listeners: Record<string, number> = {};
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

/** Counts live listeners, so the bench knows when every subscription is in place. */
function countingPubSub(inner: PubSub): PubSub {
  return {
    ...inner,
    publish: (topic, id, payload) => inner.publish(topic, id, payload),
    async listen(topic, id, onMessage) {
      const stop = await inner.listen(topic, id, onMessage);
      listeners[topic] = (listeners[topic] ?? 0) + 1;
      let stopped = false;
      return () => {
        if (!stopped) {
          stopped = true;
          listeners[topic]!--;
        }
        stop();
      };
    },
  };
}

const gc = () => (globalThis as { gc?: () => void }).gc;

serve({
  async start({ env }: { env: Record<string, string> }) {
    const { loadConfig } = await import("../src/config/config.js");
    const { createApp } = await import("../src/server/app.js");
    app = await createApp(loadConfig(env, []));
    // Contexts copy deps when built, so every subscription made from now on is counted.
    app.deps.pubsub = countingPubSub(app.deps.pubsub);
    const port = await app.listen(0, "127.0.0.1");
    return { port, pid: process.pid };
  },
  async mem({ snapshot }: { snapshot?: string } = {}) {
    const collect = gc();
    if (!collect) throw new Error("run with --expose-gc");
    for (let i = 0; i < 4; i++) {
      collect();
      await new Promise((r) => setTimeout(r, 50));
    }
    const usage = process.memoryUsage();
    if (snapshot) writeHeapSnapshot(snapshot);
    return usage;
  },
  stats(): ServerStats {
    const cpu = process.cpuUsage();
    const ms = (ns: number) => ns / 1e6;
    const loopDelay = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
    loop.reset();
    return { cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, loopDelay, listeners: { ...listeners } };
  },
  async stop() {
    await app?.stop();
    app = null;
    // After the reply is sent: exiting normally writes the --cpu-prof profile.
    setTimeout(() => process.exit(0), 50);
    return true;
  },
});
