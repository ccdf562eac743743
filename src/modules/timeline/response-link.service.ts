import type { SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { isCustomerType } from "../records/record-kind.js";
import * as repo from "./timeline.repo.js";

/**
 * RESP-1 in the transaction that stores a signal (stored open, with its record's owner as
 * openOwnerId, or linked to the first follow-up already stored after it: a backdated signal),
 * folded into the signal's own statements: the record's lock (`lockRecordHistory`), as an
 * expression for an earlier statement of the transaction, and the first follow-up after the
 * signal, as a subquery for the statement that inserts it with its id given out beforehand.
 */
export const signalHistoryLock = (r: repo.RecordRef): { counter: (onlyIf: SQL) => SQL; history: SQL } => ({
  // An entry's insert locks the record's stream counter (a follow-up's first, then the history):
  // a signal takes both, in that order, before it inserts.
  counter: (onlyIf) => repo.lockStreamCounter(r, onlyIf),
  history: repo.recordHistoryLock(r),
});
export const signalFirstFollowUp = (s: repo.RecordRef & { id: number; occurredAt: Date }): SQL => repo.firstFollowUpAfterQuery(s);

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
