import type { Topics } from "../../realtime/pubsub.js";
import type { Probe } from "../../realtime/stream-watcher.js";
import { closable, Wakeups } from "../../realtime/wakeups.js";
import type { RequestContext } from "./context.js";
import { unauthenticated } from "./errors.js";

/** Sent in place of an event when the subscriber lost access; the resolver turns it into an error and the stream ends. */
export const ACCESS_LOST = Symbol("access lost");
/** Sent in place of an event when what the stream follows is gone; the resolver throws `error` and the stream ends. */
export class StreamEnd {
  constructor(readonly error: Error) {}
}
export type StreamEvent<T> = T | typeof ACCESS_LOST | StreamEnd;

/** In a subscription's resolver: the pushed value, or the error that ends the stream. */
export function unwrap<T>(event: StreamEvent<T>): T {
  if (event === ACCESS_LOST) throw unauthenticated("Access to this subscription was revoked");
  if (event instanceof StreamEnd) throw event.error;
  return event;
}

/** How many stored rows a live stream reads at a time. */
export const STREAM_BATCH = 100;

/**
 * A live stream over rows numbered per subscriber or per record (seqs that commit in order): it
 * subscribes to its topic, starts after `start()` (or a client's cursor), registers with the
 * stream watcher, and on every wake-up reads everything after the last seq it took. Pub/sub and the
 * watcher only say "look now": a lost message delays a row, never loses it, and reading by seq
 * never sends one twice.
 */
export function seqStream<Row, Out, W>(
  ctx: Pick<RequestContext, "pubsub" | "streams">,
  s: {
    topic: { name: keyof Topics; id: string | number };
    /** Where to start: the seq a client resumes after, or the newest one now. */
    start: () => Promise<number>;
    probe: Probe<W>;
    /** What the watcher's probe needs to tell whether this stream is behind. */
    watchOf: (seq: number) => W;
    /** Up to STREAM_BATCH rows after a seq, in seq order. */
    read: (afterSeq: number) => Promise<Row[]>;
    seqOf: (row: Row) => number;
    /** Before a batch is pushed: false ends the stream with ACCESS_LOST. */
    admit: (rows: Row[]) => Promise<boolean>;
    /** The event for a row, or null when it is not for this subscriber (its seq is taken all the same). */
    toEvent: (row: Row) => Out | null;
    /**
     * A message saying the stream's subject is gone (a deleted or converted record), as the error
     * to end with; null for other messages. The message is a hint: the stream sends what is left to
     * read and ends only when `admit` confirms the subject is no longer there.
     */
    goneError?: (message: Topics[keyof Topics]) => Error | null;
  },
): AsyncGenerator<StreamEvent<Out>> {
  const wakeups = new Wakeups();
  async function* run(): AsyncGenerator<StreamEvent<Out>> {
    // Listening is not awaited: while Redis is away a SUBSCRIBE waits in ioredis's queue, and the
    // stream must serve its replay and the periodic check meanwhile. Once the subscription is in
    // place the stream reads again, so nothing published while it was being set up is missed.
    let ended = false;
    let stopListening: (() => void) | null = null;
    let gone: Error | null = null;
    const onMessage = (message: Topics[keyof Topics]) => {
      gone = s.goneError?.(message) ?? gone;
      wakeups.notify();
    };
    ctx.pubsub.listen(s.topic.name, s.topic.id, onMessage).then(
      (stop) => {
        if (ended) return stop();
        stopListening = stop;
        wakeups.notify();
      },
      () => {},
    );
    let unwatch = () => {};
    try {
      let last = await s.start();
      unwatch = ctx.streams.watch(s.probe, { cursor: () => s.watchOf(last), wake: () => wakeups.notify() });
      do {
        for (;;) {
          const rows = await s.read(last);
          if (rows.length === 0) break;
          if (!(await s.admit(rows))) {
            yield ACCESS_LOST;
            return;
          }
          for (const row of rows) {
            last = s.seqOf(row);
            const event = s.toEvent(row);
            if (event !== null) yield event;
          }
          if (rows.length < STREAM_BATCH) break;
        }
        if (gone) {
          if (!(await s.admit([]))) {
            yield new StreamEnd(gone);
            return;
          }
          gone = null;
        }
      } while (await wakeups.wait());
    } finally {
      ended = true;
      unwatch();
      (stopListening as (() => void) | null)?.();
    }
  }
  return closable(run(), wakeups);
}
