import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../src/db/client.js";
import { createOrg, ok } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

/** Tracing registers process-wide (as OpenTelemetry does), so it has a test file, and a process, of its own. */
describe("OpenTelemetry traces", () => {
  const exporter = new InMemorySpanExporter();
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({}, { spanProcessor: new SimpleSpanProcessor(exporter) });
  });
  afterAll(() => server?.stop());

  it("one GraphQL request is an HTTP server span with the operation's span and its SQL statements as children", async () => {
    const org = await createOrg(server);
    exporter.reset();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${org.adminToken}`,
        "x-request-id": "trace-me-1",
        // The caller's trace goes on through ours.
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ query: "query Traced { me { id } leads(first: 5) { totalCount } }" }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => exporter.getFinishedSpans().some((s) => s.name === "POST /graphql")).toBe(true);
    const spans = exporter.getFinishedSpans();
    const http = spans.find((s) => s.name === "POST /graphql")!;
    expect(http.spanContext().traceId).toBe(traceId);
    expect(http.attributes).toMatchObject({ "crm.request_id": "trace-me-1", "http.response.status_code": 200 });
    const children = spans.filter((s) => s.parentSpanContext?.spanId === http.spanContext().spanId);
    expect(children.map((s) => s.name)).toContain("graphql query Traced");
    const statements = children.filter((s) => s.name.startsWith("db "));
    expect(statements.length).toBeGreaterThanOrEqual(2);
    expect(statements.every((s) => String(s.attributes["db.query.text"]).length > 0)).toBe(true);
  });

  it("a request without a trace starts one; statements outside any request are not traced", async () => {
    exporter.reset();
    await ok(server.gql(null, "{ __typename }"));
    await server.app.database.db.execute(sql`select 1`);
    await expect.poll(() => exporter.getFinishedSpans().length).toBeGreaterThan(0);
    const http = exporter.getFinishedSpans().filter((s) => s.name === "POST /graphql");
    expect(http).toHaveLength(1);
    expect(http[0]!.parentSpanContext).toBeUndefined();
    expect(exporter.getFinishedSpans().every((s) => s.spanContext().traceId === http[0]!.spanContext().traceId)).toBe(true);
  });
});
