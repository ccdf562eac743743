/**
 * A level-triggered wake-up for a consumer that catches up from the database: any number of
 * notify() calls between two waits count once, and close() ends a pending wait at once (so a
 * subscription that the client stops releases its listener without waiting for another event).
 */
export class Wakeups {
  private dirty = false;
  private closed = false;
  private resolve: (() => void) | null = null;

  notify(): void {
    this.dirty = true;
    this.resolve?.();
  }

  close(): void {
    this.closed = true;
    this.resolve?.();
  }

  /** Resolves true when woken, false once closed. */
  async wait(): Promise<boolean> {
    if (!this.dirty && !this.closed) await new Promise<void>((r) => (this.resolve = r));
    this.resolve = null;
    this.dirty = false;
    return !this.closed;
  }
}

/** Wraps an async generator so that return() also closes its wake-ups (see Wakeups). */
export function closable<T>(generator: AsyncGenerator<T>, wakeups: Wakeups): AsyncGenerator<T> {
  return {
    next: (...args) => generator.next(...args),
    return: (value) => {
      wakeups.close();
      return generator.return(value);
    },
    throw: (error) => {
      wakeups.close();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: async () => {
      wakeups.close();
      await generator.return(undefined);
    },
  } as AsyncGenerator<T>;
}
