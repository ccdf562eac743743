import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, vi } from "vitest";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, createUser, ok } from "./helpers/fixtures.js";
import { wsRequest, type TestServer } from "./helpers/server.js";
import { collect, rawSocket, settled } from "./helpers/subscriptions.js";
import { test as it } from "./helpers/test.js";

// Every test here reads process-wide counters or logs of a server of its own (`serve`).
const base = (s: TestServer) => s.url.replace("/graphql", "");

/** The samples of a Prometheus text page: `name{labels}` → value. */
async function scrape(s: TestServer, url = `${base(s)}/metrics`, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}
const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

describe("/metrics (Prometheus)", () => {
  it("counts operations, errors, requests, live subscriptions, deliveries and ingested signals", async ({ serve }) => {
    const s = await serve();
    const org = await createOrg(s);
    const rep = await createUser(s, org);
    const { key } = await createIntegrationKey(s, org);
    const lead = await createLead(s, org.adminToken, { ownerId: rep.id });
    const client = s.ws(rep.token);
    const sub = collect(client, `subscription Bell { notificationAdded { id } }`);
    await settled(client);
    await expect.poll(() => s.app.deps.streams.size).toBe(1);

    const before = await scrape(s);
    for (let i = 0; i < 2; i++) await ok(s.gql(org.adminToken, `query WhoAmI { me { id } }`));
    const bad = await s.gql(org.adminToken, `mutation Bad { createLead(input: { lastName: "" }) { id } }`);
    expect(bad.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    await ok(s.gql(key, INGEST, { input: buildSignal({ recordId: lead.id }) }));
    await sub.waitFor(1);
    const after = await scrape(s);

    const delta = (key: string) => value(after, key) - value(before, key);
    expect(delta('crm_graphql_operation_duration_seconds_count{operation="WhoAmI",type="query",transport="http",outcome="ok"}')).toBe(2);
    expect(delta('crm_graphql_operation_duration_seconds_count{operation="Bad",type="mutation",transport="http",outcome="error"}')).toBe(1);
    expect(delta('crm_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
    expect(delta('crm_signals_ingested_total{source="EMAIL_ANALYTICS",outcome="stored"}')).toBe(1);
    expect(delta("crm_notifications_delivered_total")).toBe(1);
    expect(delta("crm_notification_delivery_lag_seconds_count")).toBe(1);
    expect(delta('crm_http_request_duration_seconds_count{route="/graphql",method="POST",status="200"}')).toBe(4);
    expect(value(after, 'crm_subscriptions_live{kind="notifications"}')).toBe(1);
    expect(value(after, 'crm_subscriptions_live{kind="timeline"}')).toBe(0);
    expect(value(after, "crm_websockets_open")).toBe(1);
    // The default process metrics, event-loop lag among them.
    expect(after.has("nodejs_eventloop_lag_seconds")).toBe(true);
    expect(after.has("process_resident_memory_bytes")).toBe(true);

    // A WebSocket query is counted when it completes.
    await wsRequest(client, `query OverTheSocket { me { id } }`);
    await expect
      .poll(async () => value(await scrape(s), 'crm_graphql_operation_duration_seconds_count{operation="OverTheSocket",type="query",transport="ws",outcome="ok"}'))
      .toBe(1);
  });

  it("counts rate-limit refusals by caller kind", async ({ serve }) => {
    const s = await serve({ RATE_LIMIT_POINTS: "40" });
    const org = await createOrg(s);
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push((await s.gql(org.adminToken, `query Tiny { me { id } }`)).status);
    expect(answers).toContain(429);
    expect(value(await scrape(s), 'crm_rate_limit_refusals_total{caller="token"}')).toBeGreaterThanOrEqual(1);
  });

  it("keeps label values bounded under 1,000 requests with random operation names", async ({ serve }) => {
    const s = await serve();
    const org = await createOrg(s);
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => s.gql(org.adminToken, `query Op${batch}x${i}${Math.random().toString(36).slice(2, 8)} { me { id } }`)),
      );
    }
    await s.gql(org.adminToken, `{ me { id } }`);
    await fetch(`${base(s)}/no/such/path/${Math.random()}`);
    const samples = await scrape(s);
    const operations = new Set([...samples.keys()].filter((k) => k.startsWith("crm_graphql_operation_duration_seconds_count")).map((k) => /operation="([^"]*)"/.exec(k)![1]));
    expect(operations.size).toBeLessThanOrEqual(202);
    expect(operations).toContain("other");
    expect(operations).toContain("anonymous");
    const routes = new Set([...samples.keys()].filter((k) => k.startsWith("crm_http_request_duration_seconds_count")).map((k) => /route="([^"]*)"/.exec(k)![1]));
    expect([...routes].every((r) => ["/graphql", "/metrics", "other", "/healthz", "/readyz"].includes(r!))).toBe(true);
  });

  it("is refused without METRICS_TOKEN once one is set, and in production without one", async ({ serve }) => {
    const token = "metrics-token-0123456789abcdef";
    const guarded = await serve({ METRICS_TOKEN: token });
    expect((await fetch(`${base(guarded)}/metrics`)).status).toBe(401);
    expect((await fetch(`${base(guarded)}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789abcdef" } })).status).toBe(401);
    await scrape(guarded, undefined, { authorization: `Bearer ${token}` });

    const production = await serve({ NODE_ENV: "production" });
    expect((await fetch(`${base(production)}/metrics`)).status).toBe(403);
  });

  it("is served on METRICS_PORT instead of the main port when one is set", async ({ serve }) => {
    const s = await serve({ METRICS_PORT: "0" });
    expect(s.app.metricsPort).toBeGreaterThan(0);
    expect((await fetch(`${base(s)}/metrics`)).status).toBe(404);
    const samples = await scrape(s, `http://127.0.0.1:${s.app.metricsPort}/metrics`);
    expect(samples.has("process_cpu_user_seconds_total")).toBe(true);
  });
});

describe("request logs", () => {
  /** A logger whose JSON lines the test reads. */
  function capture() {
    const lines: Record<string, any>[] = [];
    let raw = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        raw += chunk;
        for (const line of String(chunk).split("\n")) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    return { log: pino({ level: "info" }, stream), lines, raw: () => raw };
  }

  it("keeps an incoming X-Request-Id, answers with it, and logs one line per request with caller and operation, never the token", async ({ serve }) => {
    const logs = capture();
    const s = await serve({}, { log: logs.log });
    const org = await createOrg(s);
    const res = await fetch(s.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.adminToken}`, "x-request-id": "abc-123" },
      body: JSON.stringify({ query: "query Mine($secret: String) { me { id } leads(filter: { search: $secret }) { totalCount } }", variables: { secret: "do-not-log-me" } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    const line = logs.lines.find((l) => l.requestId === "abc-123");
    expect(line).toMatchObject({ msg: "request", operation: "Mine", operationType: "query", req: { method: "POST", path: "/graphql" }, res: { statusCode: 200 } });
    expect(line!.orgId).toEqual(expect.any(Number));
    expect(line!.userId).toEqual(expect.any(Number));
    expect(line!.responseTime).toEqual(expect.any(Number));
    // Each field once in the line as written.
    const written = logs.raw().split("\n").find((l) => l.includes('"abc-123"') && l.includes('"msg":"request"'))!;
    expect(written.match(/"requestId"/g)).toHaveLength(1);
    expect(logs.raw()).not.toContain(org.adminToken);
    expect(logs.raw()).not.toContain("do-not-log-me");

    // A malformed id is replaced, on the webhook too, and errors are logged with their codes.
    const webhook = await fetch(s.url.replace("/graphql", "/webhooks/signals"), {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "not ok!" },
      body: "{}",
    });
    expect(webhook.status).toBe(401);
    expect(webhook.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await s.gql(org.adminToken, `mutation Broken { createLead(input: { lastName: "" }) { id } }`);
    expect(logs.lines.find((l) => l.operation === "Broken")).toMatchObject({ errorCodes: ["BAD_USER_INPUT"] });
  });

  it("logs one line per WebSocket operation when it ends, and a refused frame without printing to stderr", async ({ serve, dispose }) => {
    const logs = capture();
    const s = await serve({}, { log: logs.log });
    const org = await createOrg(s);
    const client = s.ws(org.adminToken);
    await wsRequest(client, `query Socketed { me { id } }`);
    await expect.poll(() => logs.lines.find((l) => l.msg === "ws operation" && l.operation === "Socketed")).toMatchObject({
      transport: "ws",
      operationType: "query",
      outcome: "ok",
      userId: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(logs.raw()).not.toContain(org.adminToken);

    // A frame over WS_MAX_PAYLOAD_BYTES: ws closes with 1009; the logger says so, stderr stays quiet.
    const printed = vi.spyOn(console, "error");
    dispose(() => printed.mockRestore());
    const raw = rawSocket(s);
    await raw.opened;
    raw.socket.send("x".repeat(70 * 1024));
    expect(await raw.closed).toBe(1009);
    await expect.poll(() => logs.lines.find((l) => l.msg === "websocket closed on a bad frame")).toMatchObject({ transport: "ws" });
    expect(printed).not.toHaveBeenCalled();
  });
});
