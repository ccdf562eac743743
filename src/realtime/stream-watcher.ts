import type { Logger } from "pino";
import type { Db } from "../db/client.js";

/**
 * A live stream as the watcher sees it: where it has read up to, and how to make it read again.
 * A stream reads PostgreSQL after its own cursor whenever it is woken, so waking it when nothing
 * is new costs one read and never sends anything twice.
 */
export interface Watch<C> {
  cursor(): C;
  wake(): void;
}

/**
 * One statement for all live streams of a kind on this instance: the watches that have rows
 * past their cursor. Module-level functions, so each kind is one entry of the watcher.
 */
export type Probe<C> = ((db: Db, watches: readonly Watch<C>[]) => Promise<readonly Watch<C>[]>) & { kind: string };

/** A probe with the name its streams are counted under. */
export const probe = <C>(kind: string, run: (db: Db, watches: readonly Watch<C>[]) => Promise<readonly Watch<C>[]>): Probe<C> => Object.assign(run, { kind });

/**
 * Pub/sub is at most once (DESIGN trap 7): a message lost while the Redis subscriber reconnects,
 * or published while Redis is down, would leave a stream waiting for an event that never comes.
 * The watcher makes every stream converge on PostgreSQL by itself: when the subscriber has
 * (re)connected and re-subscribed, and every `intervalMs` (±20% jitter, so instances do not poll
 * in step), one probe per kind wakes the streams that are behind. The worst-case
 * delay of a push after its commit is therefore `intervalMs × 1.2` plus one read.
 */
export class StreamWatcher {
  private readonly kinds = new Map<Probe<unknown>, Set<Watch<unknown>>>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: { intervalMs: number; log: Logger },
  ) {}

  /** Registers a live stream; the returned function removes it. */
  watch<C>(probe: Probe<C>, watch: Watch<C>): () => void {
    const key = probe as Probe<unknown>;
    let set = this.kinds.get(key);
    if (!set) this.kinds.set(key, (set = new Set()));
    set.add(watch as Watch<unknown>);
    return () => {
      set.delete(watch as Watch<unknown>);
      if (set.size === 0 && this.kinds.get(key) === set) this.kinds.delete(key);
    };
  }

  /** How many streams are live on this instance. */
  get size(): number {
    let n = 0;
    for (const set of this.kinds.values()) n += set.size;
    return n;
  }

  /** Live streams by kind (the probe's name, e.g. `notifications`), for the metrics. */
  sizes(): Record<string, number> {
    const sizes: Record<string, number> = {};
    for (const [probe, set] of this.kinds) sizes[probe.kind] = (sizes[probe.kind] ?? 0) + set.size;
    return sizes;
  }

  /** Runs every probe now and wakes the streams that are behind; one statement per kind with live streams. */
  check(): Promise<void> {
    if (!this.checking) {
      const run = this.runProbes();
      this.checking = run;
      void run.finally(() => {
        if (this.checking === run) this.checking = null;
      });
    }
    return this.checking;
  }

  private async runProbes(): Promise<void> {
    for (const [probe, set] of [...this.kinds]) {
      if (set.size === 0) continue;
      try {
        for (const behind of await probe(this.db, [...set])) behind.wake();
      } catch (error) {
        if (!this.stopped) this.options.log.warn({ err: error }, "stream check failed");
      }
    }
  }

  /** Starts the periodic check (no-op when the interval is 0). */
  start(): void {
    if (this.options.intervalMs <= 0 || this.timer || this.stopped) return;
    const schedule = () => {
      const delay = this.options.intervalMs * (0.8 + Math.random() * 0.4);
      this.timer = setTimeout(() => {
        void this.check().finally(() => {
          if (!this.stopped) schedule();
        });
      }, delay);
      this.timer.unref();
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.checking;
  }
}
