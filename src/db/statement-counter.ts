import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Counts SQL statements per request: the drizzle logger calls `countStatement` in the
 * async context of the code that issued the query, so each request sees only its own.
 */
export interface StatementCounter {
  count: number;
}

const storage = new AsyncLocalStorage<StatementCounter>();

export function runWithStatementCounter<T>(counter: StatementCounter, fn: () => T): T {
  return storage.run(counter, fn);
}

export function countStatement(): void {
  const counter = storage.getStore();
  if (counter) counter.count += 1;
}
