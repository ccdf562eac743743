import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { createOrg, ok } from "./helpers/fixtures.js";
import { startServer } from "./helpers/server.js";

/**
 * The real exporter against a stand-in collector on a local port: with OTEL_EXPORTER_OTLP_ENDPOINT
 * set, a request's spans reach POST /v1/traces as OTLP/JSON (flushed at the latest on shutdown).
 */
it("exports spans to the OTLP/HTTP endpoint when OTEL_EXPORTER_OTLP_ENDPOINT is set", async () => {
  const received: { path: string; type: string; body: string }[] = [];
  const collector = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", type: String(req.headers["content-type"]), body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  try {
    const server = await startServer({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: "crm-graph-test" });
    const org = await createOrg(server);
    await ok(server.gql(org.adminToken, "query Exported { me { id } }"));
    await server.stop();
    const traces = received.filter((r) => r.path === "/v1/traces");
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]!.type).toMatch(/application\/json/);
    const all = traces.map((t) => t.body).join("\n");
    expect(all).toContain("crm-graph-test");
    expect(all).toContain("graphql query Exported");
    expect(all).toContain("POST /graphql");
  } finally {
    await new Promise((resolve) => collector.close(resolve));
  }
});
