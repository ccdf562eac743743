import { sql, type SQLWrapper } from "drizzle-orm";
import { queryRows, type Db } from "../../src/db/client.js";

/** A node of `EXPLAIN (ANALYZE, FORMAT JSON)`'s plan, as far as the scale tests read it. */
export interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** Runs a statement under EXPLAIN ANALYZE and returns its plan (either driver). */
export async function explain(db: Db, query: SQLWrapper): Promise<PlanNode> {
  const [row] = await queryRows<Record<string, unknown>>(db, sql`explain (analyze, format json) ${query}`);
  const value = Object.values(row!)[0];
  const plan = (typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode }[];
  return plan[0]!.Plan;
}

/** Every node of a plan. */
export const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/** Rows the plan read from a table: returned plus filtered out, over every loop. */
export const rowsRead = (plan: PlanNode, table = "interactions") =>
  nodes(plan)
    .filter((n) => n["Relation Name"] === table)
    .reduce((sum, n) => sum + (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * n["Actual Loops"], 0);
