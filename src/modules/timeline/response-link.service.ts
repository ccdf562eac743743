import type { Db } from "../../db/client.js";
import { isCustomerType } from "../records/record-kind.js";
import type { InteractionRow } from "./timeline.model.js";
import * as repo from "./timeline.repo.js";

/**
 * RESP-1, in the transaction that stores a signal (stored open, with its record's owner as
 * openOwnerId): links it to the first follow-up already stored after it (a backdated signal),
 * under the record's lock, and returns the row as linked.
 */
export async function linkStoredSignal(tx: Db, row: InteractionRow): Promise<InteractionRow> {
  await repo.lockRecordHistory(tx, row);
  const link = await repo.linkSignal(tx, row.orgId, row.id);
  return link ? { ...row, ...link, openOwnerId: null } : row;
}

/** RESP-2, in the transaction that reassigns a lead or contact: its open signals move to the new owner. */
export async function reassignOpenSignals(tx: Db, args: { orgId: number; recordType: string; recordId: number; ownerId: number }) {
  if (!isCustomerType(args.recordType)) return;
  await repo.lockRecordHistory(tx, args);
  await repo.reassignOpenSignals(tx, args);
}

/** RESP-2 for many records at once (a deleted user's): their open signals follow them to the new owner. */
export async function reassignOpenSignalsOf(tx: Db, args: { orgId: number; recordType: string; recordIds: readonly number[]; ownerId: number }) {
  if (!isCustomerType(args.recordType) || args.recordIds.length === 0) return;
  await repo.reassignOpenSignalsOf(tx, args);
}
