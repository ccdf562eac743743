/**
 * The webhook load generator of bench/signals.ts, in a child process (its own event loop).
 *
 *   closed: `concurrency` senders, each posting its next signal as soon as the previous answers,
 *           for `durationMs` (ingestion throughput).
 *   rate:   an open loop at `rate` signals/s for `durationMs`, at most `maxInFlight` outstanding
 *           (fan-out); records when each signal was sent and when its response arrived.
 *
 * Each signal: POST /webhooks/signals with the integration key, a unique idempotency key
 * `<prefix>-<n>` (also sent as `summary`, so subscribers can tell which signal reached them), and
 * the next lead round-robin.
 */
import { Agent, request } from "node:http";
import { nowMs, serve, summarize, type Summary } from "./signals-ipc.js";

export interface SendRequest {
  mode: "closed" | "rate";
  url: string;
  integrationKey: string;
  /** Lead global ids; signal n goes to leads[(offset + n) % leads.length]. */
  leads: string[];
  offset?: number;
  prefix: string;
  durationMs: number;
  concurrency?: number;
  rate?: number;
  maxInFlight?: number;
  /** rate mode: return one [key, leadIndex, sentAt, answeredAt] per stored signal. */
  record?: boolean;
}

export interface SendResult {
  sent: number;
  stored: number;
  duplicates: number;
  failed: number;
  /** "status code" (or "network") -> count, for failures. */
  failures: Record<string, number>;
  firstFailure: string | null;
  latency: Summary;
  elapsedMs: number;
  /** rate mode: sends skipped because maxInFlight were outstanding. */
  skipped: number;
  records?: [key: string, lead: number, sentAt: number, answeredAt: number][];
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function send(r: SendRequest): Promise<SendResult> {
  const url = new URL("/webhooks/signals", r.url);
  const sockets = r.mode === "closed" ? r.concurrency! : r.maxInFlight!;
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const headers = { "content-type": "application/json", authorization: `Bearer ${r.integrationKey}` };
  const latencies: number[] = [];
  const records: NonNullable<SendResult["records"]> = [];
  const result: SendResult = { sent: 0, stored: 0, duplicates: 0, failed: 0, failures: {}, firstFailure: null, latency: summarize([]), elapsedMs: 0, skipped: 0 };
  const offset = r.offset ?? 0;
  let n = 0;

  const one = async () => {
    const i = n++;
    const lead = (offset + i) % r.leads.length;
    const key = `${r.prefix}-${i}`;
    const body = JSON.stringify({
      source: "EMAIL_ANALYTICS",
      event: "EMAIL_OPENED",
      occurredAt: new Date().toISOString(),
      idempotencyKey: key,
      recordId: r.leads[lead],
      summary: key,
      details: { subject: "x" },
    });
    result.sent++;
    const sentAt = nowMs();
    let reason: string;
    try {
      const res = await post(agent, url, headers, body);
      const answeredAt = nowMs();
      latencies.push(answeredAt - sentAt);
      if (res.status === 200) {
        const json = JSON.parse(res.text) as { entryId?: string; duplicate?: boolean };
        if (json.duplicate) result.duplicates++;
        else {
          result.stored++;
          if (r.record) records.push([key, lead, sentAt, answeredAt]);
        }
        return;
      }
      reason = String(res.status);
      result.firstFailure ??= `${res.status} ${res.text.slice(0, 300)}`;
    } catch (error) {
      reason = "network";
      result.firstFailure ??= error instanceof Error ? error.message : String(error);
    }
    result.failed++;
    result.failures[reason] = (result.failures[reason] ?? 0) + 1;
  };

  const start = nowMs();
  const deadline = start + r.durationMs;
  if (r.mode === "closed") {
    await Promise.all(
      Array.from({ length: r.concurrency! }, async () => {
        while (nowMs() < deadline) await one();
      }),
    );
  } else {
    const rate = r.rate!;
    const inFlight = new Set<Promise<void>>();
    let due = 0;
    while (nowMs() < deadline) {
      const target = Math.floor(((nowMs() - start) / 1000) * rate);
      while (due < target) {
        due++;
        if (inFlight.size >= r.maxInFlight!) {
          result.skipped++;
          continue;
        }
        const p: Promise<void> = one().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await new Promise((res) => setTimeout(res, 1));
    }
    await Promise.all(inFlight);
  }
  result.elapsedMs = nowMs() - start;
  result.latency = summarize(latencies);
  if (r.record) result.records = records;
  agent.destroy();
  return result;
}

serve({ send });
