/**
 * Reading `EXPLAIN (ANALYZE, FORMAT JSON)` plans, for the scale tests and the benchmarks alike.
 * No imports: the benchmarks load their libraries only after setting NODE_ENV.
 */
export interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  /** With BUFFERS. */
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/** Every node of a plan. */
export const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/** Rows the plan read from a table: returned plus filtered out, over every loop. */
export const rowsRead = (plan: PlanNode, table = "interactions") =>
  nodes(plan)
    .filter((n) => n["Relation Name"] === table)
    .reduce((sum, n) => sum + (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * n["Actual Loops"], 0);
