/**
 * The ingestion baseline of bench/signals.ts, in a child process: the rows a signal stores, as
 * plain INSERTs over a postgres.js pool. Per signal one transaction: one row into `interactions`
 * (RETURNING id) and one into `notifications` for the lead's owner, with the same columns and
 * values as the app stores (taken from a row the app stored). No HTTP, GraphQL, auth, idempotency
 * key or counter row: seq is handed out in memory, from each owner's current maximum.
 */
import postgres from "postgres";
import { nowMs, serve, summarize, type Summary } from "./signals-ipc.js";

export interface BaselineRequest {
  url: string;
  poolMax: number;
  concurrency: number;
  durationMs: number;
  prefix: string;
  /** Column values shared by every row (from a row the app stored). */
  template: { orgId: number; integrationKeyId: number; side: string; channel: string; source: string; event: string; details: unknown; reaction: unknown };
  /** Lead db id and its owner's user db id; signal n goes to leads[n % leads.length]. */
  leads: { id: number; ownerId: number }[];
}

export interface BaselineResult {
  stored: number;
  failed: number;
  firstFailure: string | null;
  latency: Summary;
  elapsedMs: number;
}

/** Kept open between runs (closed by `close`), so a measured run starts with its connections made. */
let pool: postgres.Sql | null = null;

async function run(r: BaselineRequest): Promise<BaselineResult> {
  pool ??= postgres(r.url, { max: r.poolMax, onnotice: () => {}, connection: { application_name: "crm-bench-signals-baseline" } });
  const sql = pool;
  {
    const seqs = new Map<number, number>();
    for (const row of await sql<{ recipient_id: string; seq: string }[]>`select recipient_id, max(seq) as seq from notifications group by recipient_id`) {
      seqs.set(Number(row.recipient_id), Number(row.seq));
    }
    const t = r.template;
    const details = sql.json(t.details as postgres.JSONValue);
    const reaction = t.reaction === null ? null : sql.json(t.reaction as postgres.JSONValue);
    const latencies: number[] = [];
    const result: BaselineResult = { stored: 0, failed: 0, firstFailure: null, latency: summarize([]), elapsedMs: 0 };
    let n = 0;

    const one = async () => {
      const i = n++;
      const lead = r.leads[i % r.leads.length]!;
      const summary = `${r.prefix}-${i}`;
      const seq = (seqs.get(lead.ownerId) ?? 0) + 1;
      seqs.set(lead.ownerId, seq);
      const occurredAt = new Date();
      const start = nowMs();
      try {
        await sql.begin(async (tx) => {
          const [row] = await tx<{ id: string }[]>`
            insert into interactions (org_id, record_type, record_id, side, channel, source, event, integration_key_id, occurred_at, summary, details, reaction)
            values (${t.orgId}, 'lead', ${lead.id}, ${t.side}, ${t.channel}, ${t.source}, ${t.event}, ${t.integrationKeyId}, ${occurredAt}, ${summary}, ${details}, ${reaction})
            returning id`;
          await tx`
            insert into notifications (org_id, recipient_id, seq, interaction_id, record_type, record_id, source, event, summary, occurred_at)
            values (${t.orgId}, ${lead.ownerId}, ${seq}, ${row!.id}, 'lead', ${lead.id}, ${t.source}, ${t.event}, ${summary}, ${occurredAt})`;
        });
        latencies.push(nowMs() - start);
        result.stored++;
      } catch (error) {
        result.failed++;
        result.firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    };

    const start = nowMs();
    const deadline = start + r.durationMs;
    await Promise.all(
      Array.from({ length: r.concurrency }, async () => {
        while (nowMs() < deadline) await one();
      }),
    );
    result.elapsedMs = nowMs() - start;
    result.latency = summarize(latencies);
    return result;
  }
}

serve({
  run,
  async close() {
    await pool?.end({ timeout: 5 });
    pool = null;
    return true;
  },
});
