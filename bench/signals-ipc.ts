/**
 * Request/response over the fork IPC channel, for bench/signals.ts and its children
 * (signals-server, signals-sender, signals-baseline, signals-subscriber).
 *
 * Parent: `const peer = forkPeer(file, execArgv)`, then `await peer.call("type", payload)`.
 * Child: `serve({ type: async (payload) => result })`; a child exits when its parent goes away.
 */
import { fork, type ChildProcess } from "node:child_process";

interface Request {
  id: number;
  type: string;
  payload: unknown;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface Peer {
  child: ChildProcess;
  call<T = unknown>(type: string, payload?: unknown): Promise<T>;
  /** Resolves when the child has exited (SIGTERM now, SIGKILL after `graceMs`). */
  kill(graceMs?: number): Promise<void>;
  /** Waits up to `timeoutMs` for the child to exit by itself, then kills it. */
  exited(timeoutMs: number): Promise<void>;
}

export function forkPeer(file: URL, execArgv: string[] = [], label = file.pathname.split("/").pop()!): Peer {
  const child = fork(file, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error(`${label} exited (${signal ?? code}) before answering`));
      pending.clear();
      resolve();
    }),
  );
  child.on("message", (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${label}: ${m.error}`));
  });
  child.on("error", () => {});
  return {
    child,
    call<T>(type: string, payload?: unknown) {
      if (exited) return Promise.reject(new Error(`${label} has exited`));
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, type, payload } satisfies Request);
      });
    },
    async kill(graceMs = 5_000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    },
    async exited(timeoutMs: number) {
      if (exited) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exit, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
      await this.kill();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function serve(handlers: Record<string, (payload: any) => Promise<unknown> | unknown>) {
  process.on("disconnect", () => process.exit(1));
  process.on("message", (m: Request) => {
    const handler = handlers[m.type];
    const reply = (r: Reply) => {
      if (process.connected) process.send!(r);
    };
    if (!handler) return reply({ id: m.id, ok: false, error: `unknown request ${m.type}` });
    Promise.resolve()
      .then(() => handler(m.payload))
      .then(
        (result) => reply({ id: m.id, ok: true, result }),
        (error: unknown) => reply({ id: m.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
}

/** Monotonic milliseconds, comparable between processes on one machine (CLOCK_MONOTONIC). */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
}

/** Nearest-rank percentiles of a sample (ms). */
export function summarize(values: number[]): Summary {
  if (values.length === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, min: NaN, mean: NaN };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  let sum = 0;
  for (const v of s) sum += v;
  return { count: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1]!, min: s[0]!, mean: sum / s.length };
}
