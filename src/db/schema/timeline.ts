import { bigint, doublePrecision, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./identity.js";

/**
 * TL-9: the mean interval between consecutive interactions over all records of a module
 * (lead | contact) of an org, recomputed weekly and on demand. No row: not computed yet.
 */
export const timelineIntervalAverages = pgTable(
  "timeline_interval_averages",
  {
    orgId: bigint("org_id", { mode: "number" })
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    recordType: text("record_type").notNull(),
    averageSeconds: doublePrecision("average_seconds"),
    intervals: bigint("intervals", { mode: "number" }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.recordType] })],
);
