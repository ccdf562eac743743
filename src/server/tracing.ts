import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import { PglitePreparedQuery } from "drizzle-orm/pglite";
import { PostgresJsPreparedQuery } from "drizzle-orm/postgres-js";
import { routeOf } from "../telemetry/metrics.js";

/**
 * OpenTelemetry traces, off (and nothing installed) unless OTEL_EXPORTER_OTLP_ENDPOINT is set or
 * a test hands in a span processor. Spans are our own: an ESM server is not patched by the SDK's
 * auto-instrumentations without a loader hook, and postgres.js has no instrumentation. Each HTTP
 * request is a server span (continuing an incoming `traceparent`), each GraphQL operation a child
 * span, and each SQL statement a grandchild, so a slow request shows which statements it waited on.
 */
export interface Tracing {
  /** Express middleware: the request's server span, active for everything the request runs. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  apolloPlugin: ApolloServerPlugin;
  shutdown(): Promise<void>;
}

let statementsTraced = false;

/** Wraps drizzle's prepared statements (both drivers) in a span when a span is active: once per process. */
function traceStatements() {
  if (statementsTraced) return;
  statementsTraced = true;
  const tracer = () => trace.getTracer("crm-graph.db");
  for (const proto of [PostgresJsPreparedQuery.prototype, PglitePreparedQuery.prototype] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>[]) {
    for (const method of ["execute", "all"]) {
      const original = proto[method];
      if (typeof original !== "function") continue;
      proto[method] = function (this: { queryString?: string }, ...args: unknown[]) {
        if (!trace.getSpan(context.active())) return original.apply(this, args);
        const text = this.queryString ?? "";
        return tracer().startActiveSpan(
          `db ${text.split(/\s+/, 1)[0]?.toLowerCase() ?? "query"}`,
          { kind: SpanKind.CLIENT, attributes: { "db.system": "postgresql", "db.query.text": text.slice(0, 2000) } },
          async (span) => {
            try {
              return await original.apply(this, args);
            } catch (error) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
              throw error;
            } finally {
              span.end();
            }
          },
        );
      };
    }
  }
}

export function createTracing(options: { endpoint: string | null; serviceName: string; spanProcessor?: SpanProcessor }): Tracing | null {
  if (!options.endpoint && !options.spanProcessor) return null;
  const processor = options.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/$/, "")}/v1/traces` }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName }),
    spanProcessors: [processor],
  });
  // Process-wide, as OpenTelemetry is: one traced app per process.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  traceStatements();
  const tracer: Tracer = provider.getTracer("crm-graph");

  return {
    middleware(req, res, next) {
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      // An export's URL is a secret: never in a span.
      const path = req.originalUrl.split("?")[0]!.replace(/^\/exports\/[^/]+$/, "/exports/:secret");
      const span = tracer.startSpan(
        `${req.method} ${routeOf(path)}`,
        {
          kind: SpanKind.SERVER,
          attributes: { "http.request.method": req.method, "url.path": path, "crm.request_id": String(res.locals.requestId ?? "") },
        },
        parent,
      );
      res.on("finish", () => {
        span.setAttribute("http.response.status_code", res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(trace.setSpan(parent, span), next);
    },
    // The operation's span sits beside the statements it runs, under the request's span: Apollo
    // gives plugins no way to make a span active for the execution that follows.
    apolloPlugin: {
      async requestDidStart() {
        let span: Span | null = null;
        return {
          async didResolveOperation({ operationName, operation }) {
            const type = operation?.operation ?? "operation";
            span = tracer.startSpan(`graphql ${type} ${operationName ?? "anonymous"}`, {
              attributes: { "graphql.operation.name": operationName ?? "", "graphql.operation.type": type },
            });
          },
          async didEncounterErrors({ errors }) {
            span?.setStatus({ code: SpanStatusCode.ERROR, message: errors[0]?.message });
          },
          async willSendResponse() {
            span?.end();
          },
        };
      },
    },
    shutdown: () => provider.shutdown(),
  };
}
