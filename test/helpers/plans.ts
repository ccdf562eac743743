import { sql, type SQLWrapper } from "drizzle-orm";
import type { PlanNode } from "../../bench/plans.js";
import { queryRows, type Db } from "../../src/db/client.js";

export { nodes, rowsRead, type PlanNode } from "../../bench/plans.js";

/** Runs a statement under EXPLAIN ANALYZE and returns its plan (either driver). */
export async function explain(db: Db, query: SQLWrapper): Promise<PlanNode> {
  const [row] = await queryRows<Record<string, unknown>>(db, sql`explain (analyze, format json) ${query}`);
  const value = Object.values(row!)[0];
  const plan = (typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode }[];
  return plan[0]!.Plan;
}
