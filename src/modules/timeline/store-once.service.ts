import type { Db } from "../../db/client.js";
import { AppError } from "../shared/errors.js";
import type { TimelineEntry } from "./timeline-entry.type.js";
import { toTimelineEntry } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";

/** Thrown inside the transaction to roll it back when the key turns out to be taken. */
class KeyTaken extends Error {}

export type StoreOnceResult<T> = { stored: T; first: null } | { stored: null; first: TimelineEntry };

/**
 * Stores an entry (and whatever `store` writes with it) at most once per idempotency key of the
 * org (SIG-13, TL-5): a repeat gets the first entry, at once when that one has committed, or after
 * waiting on the key's row when both race, the loser rolling back what it wrote. Without a key,
 * simply stores.
 */
export async function storeOnce<T extends { entryId: number }>(
  db: Db,
  orgId: number,
  key: repo.ScopedKey | null,
  store: (tx: Db) => Promise<T>,
): Promise<StoreOnceResult<T>> {
  const firstEntry = async () => {
    const row = key ? await repo.findEntryByKey(db, orgId, key) : null;
    return row ? toTimelineEntry(row) : null;
  };
  const earlier = await firstEntry();
  if (earlier) return { stored: null, first: earlier };
  try {
    const stored = await db.transaction(async (tx) => {
      const result = await store(tx);
      if (key && !(await repo.claimKey(tx, orgId, key, result.entryId))) throw new KeyTaken();
      return result;
    });
    return { stored, first: null };
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const first = await firstEntry();
    if (!first) throw new AppError("CONFLICT", "An entry with this idempotency key was being stored; retry", { field: "input.idempotencyKey" });
    return { stored: null, first };
  }
}
