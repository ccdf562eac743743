import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Express, Request, Response } from "express";
import { getOperationAST, type DocumentNode, type GraphQLError } from "graphql";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Config } from "../config/config.js";
import type { Authentication } from "../modules/identity/identity.service.js";
import { isClientError } from "./errors.js";
import { routeOf, type Metrics } from "../telemetry/metrics.js";
import type { Tracing } from "./tracing.js";

/** An incoming X-Request-Id is kept when it is 1 to 128 of [A-Za-z0-9._-]; otherwise one is made. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** What a request's log line says about its caller and operation (never tokens or variables). */
export interface LogFields {
  orgId?: number;
  userId?: number;
  integrationKeyId?: number;
  operation?: string;
  operationType?: string;
  errorCodes?: string[];
}

export const whoFor = (auth: Authentication | null): LogFields =>
  auth?.viewer
    ? { orgId: auth.viewer.orgId, userId: auth.viewer.userId }
    : auth?.integration
      ? { orgId: auth.integration.orgId, integrationKeyId: auth.integration.keyId }
      : {};

/**
 * The request's path without its query string (which may hold a GET operation's variables), an
 * export's secret masked.
 */
const pathOf = (req: IncomingMessage) =>
  ((req as Request).originalUrl ?? req.url ?? "").split("?")[0]!.replace(/^\/exports\/[^/]+$/, "/exports/:secret");

/** The fields of the response's log line, filled in as the request is served. */
export const logFieldsOf = (res: Response): LogFields => (res.locals.log ??= {}) as LogFields;

/** The code a client sees for an error: its own, or INTERNAL_SERVER_ERROR once masked. */
const codeOf = (error: GraphQLError) => (isClientError(error) ? String(error.extensions?.code ?? "BAD_REQUEST") : "INTERNAL_SERVER_ERROR");

/**
 * First on every request: its id (kept from X-Request-Id when well formed, echoed on every
 * response, webhooks included), its trace span, its duration by route and status, and one log
 * line when it ends (pino-http) with the caller and operation — the path without its query
 * string, no headers, no body.
 */
export function observeRequests(app: Express, deps: { log: Logger; metrics: Metrics; tracing: Tracing | null }) {
  const { metrics } = deps;
  app.use((req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // originalUrl: a router mounted on a path (app.use("/graphql")) leaves req.url cut short.
      metrics.httpRequests.observe({ route: routeOf(req.originalUrl.split("?")[0]!), method: req.method, status: String(res.statusCode) }, seconds);
    });
    next();
  });
  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (_req: IncomingMessage, res: ServerResponse) => (res as Response).locals.requestId as string,
      wrapSerializers: false,
      serializers: {
        req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req), remoteAddress: req.socket?.remoteAddress }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      // The id as `requestId` on every line of the request (quietReqLogger binds it alone).
      quietReqLogger: true,
      customAttributeKeys: { reqId: "requestId" },
      // Called when the request starts and again when it ends; only the end knows the caller and
      // operation, and fields bound at the start would be repeated in the line.
      customProps: (_req: IncomingMessage, res: ServerResponse) => (res.writableEnded ? { ...logFieldsOf(res as Response) } : {}),
      // Health checks and scrapes would drown the rest: they are logged at debug.
      customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? "error" : ["/healthz", "/readyz", "/metrics"].includes(pathOf(req)) ? "debug" : "info",
      customSuccessMessage: () => "request",
      customErrorMessage: () => "request failed",
    }),
  );
  if (deps.tracing) app.use(deps.tracing.middleware);
}

/** Apollo: each operation's duration, outcome and error codes, in the metrics and the request's log line. */
export function operationMetricsPlugin<C extends object>(metrics: Metrics): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      const codes: string[] = [];
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) codes.push(codeOf(error));
        },
        async willSendResponse({ operation, operationName, contextValue }) {
          // Only operations that resolved take a name label: a document that failed to parse or
          // validate must not use up the bounded set of names.
          const name = operation ? metrics.operationLabel(operationName ?? request.operationName) : "unresolved";
          const type = operation?.operation ?? "unknown";
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.graphqlOperations.observe({ operation: name, type, transport: "http", outcome: codes.length ? "error" : "ok" }, seconds);
          for (const code of codes) metrics.graphqlErrors.inc({ code: metrics.codeLabel(code) });
          const locals = (contextValue as { httpLocals?: Record<string, unknown> }).httpLocals;
          if (locals) Object.assign((locals.log ??= {}) as LogFields, { operation: name, operationType: type, ...(codes.length ? { errorCodes: codes } : {}) });
        },
      };
    },
  };
}

interface WsOperation {
  started: bigint;
  name: string;
  type: string;
  codes: string[];
}

/**
 * WebSocket operations: one log line and one metric observation each when it ends (a
 * subscription's duration is its lifetime), with the connection's caller.
 */
export function wsOperations(deps: { log: Logger; metrics: Metrics }) {
  const { log, metrics } = deps;
  const open = new WeakMap<object, Map<string, WsOperation>>();
  const of = (connection: object) => {
    let ops = open.get(connection);
    if (!ops) open.set(connection, (ops = new Map()));
    return ops;
  };
  return {
    started(connection: object, id: string, document: DocumentNode, operationName: string | null | undefined) {
      const type = getOperationAST(document, operationName)?.operation ?? "unknown";
      of(connection).set(id, { started: process.hrtime.bigint(), name: metrics.operationLabel(operationName ?? getOperationAST(document, operationName)?.name?.value), type, codes: [] });
    },
    errors(connection: object, id: string, errors: readonly GraphQLError[]) {
      const op = of(connection).get(id);
      if (op) op.codes.push(...errors.map(codeOf));
      else for (const error of errors) metrics.graphqlErrors.inc({ code: metrics.codeLabel(codeOf(error)) });
    },
    finished(connection: object, id: string, who: LogFields) {
      const ops = of(connection);
      const op = ops.get(id);
      if (!op) return;
      ops.delete(id);
      const seconds = Number(process.hrtime.bigint() - op.started) / 1e9;
      const outcome = op.codes.length ? "error" : "ok";
      metrics.graphqlOperations.observe({ operation: op.name, type: op.type, transport: "ws", outcome }, seconds);
      for (const code of op.codes) metrics.graphqlErrors.inc({ code: metrics.codeLabel(code) });
      log.info(
        { transport: "ws", operationId: id, ...who, operation: op.name, operationType: op.type, durationMs: Math.round(seconds * 1000), outcome, ...(op.codes.length ? { errorCodes: op.codes } : {}) },
        "ws operation",
      );
    },
  };
}

/**
 * `GET /metrics` on the main port: open outside production while no METRICS_TOKEN is set;
 * otherwise it takes `Authorization: Bearer <METRICS_TOKEN>`. With METRICS_PORT the metrics are
 * served there instead, and the main port answers 404.
 */
export function metricsHandler(config: Config["metrics"], metrics: Metrics) {
  const expected = config.token ? Buffer.from(`Bearer ${config.token}`) : null;
  return async (req: Request, res: Response) => {
    if (config.port !== null) return res.status(404).json({ error: { code: "NOT_FOUND", message: "Metrics are served on METRICS_PORT" } });
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return res.status(401).setHeader("WWW-Authenticate", "Bearer").json({ error: { code: "UNAUTHENTICATED", message: "Authorization: Bearer <METRICS_TOKEN> is required" } });
      }
    } else if (!config.open) {
      return res.status(403).json({ error: { code: "FORBIDDEN", message: "Set METRICS_TOKEN or METRICS_PORT to expose metrics in production" } });
    }
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  };
}
