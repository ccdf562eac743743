import type { Db } from "../../db/client.js";
import type { PicklistChange } from "./record-lifecycle.js";
import * as repo from "./customization.repo.js";
import type { ModuleConfig } from "./module-config.service.js";

/**
 * CORE-12: one history row per picklist field whose value changed and whose history is on.
 * Built-in picklists are read from the record's columns, custom ones from `customFields`.
 * Returns the changes recorded (a lead's or contact's become timeline milestones, TL-6).
 */
export async function recordPicklistChanges(
  db: Db,
  args: {
    config: ModuleConfig;
    orgId: number;
    recordType: string;
    recordId: number;
    userId: number | null;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  },
): Promise<PicklistChange[]> {
  const read = (row: Record<string, unknown>, field: string) => {
    const custom = row.customFields as Record<string, unknown> | undefined;
    const value = field in row && field !== "customFields" ? row[field] : custom?.[field];
    return value === undefined || value === null ? null : String(value);
  };
  const now = new Date();
  const rows = [...args.config.picklists.entries()]
    .filter(([, list]) => list.historyEnabledAt !== null)
    .map(([field]) => ({ field, oldValue: read(args.before, field), newValue: read(args.after, field) }))
    .filter((c) => c.oldValue !== c.newValue)
    .map((c) => ({
      ...c,
      orgId: args.orgId,
      recordType: args.recordType,
      recordId: args.recordId,
      changedAt: now,
      changedBy: args.userId,
    }));
  await repo.insertHistory(db, rows);
  return rows;
}
