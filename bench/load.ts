/**
 * The load generator, run by bench/run.ts in a child process (fork + IPC) so that autocannon does
 * not share an event loop with the servers under test. Receives autocannon options, replies with
 * the figures the bench prints, then exits.
 */
import autocannon from "autocannon";

export interface LoadRequest {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  rps: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  avgLatency: number;
  maxLatency: number;
  bytesPerSec: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

process.once("message", (message: LoadRequest) => {
  autocannon({ ...message, timeout: 30 }).then(
    (r) => {
      const result: LoadResult = {
        rps: r.requests.total / r.duration,
        requests: r.requests.total,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        avgLatency: r.latency.average,
        maxLatency: r.latency.max,
        bytesPerSec: r.throughput.average,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        duration: r.duration,
      };
      process.send!(result, () => process.exit(0));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
