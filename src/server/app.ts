import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Request, type Response } from "express";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { pino, type Logger } from "pino";
import type { Config } from "../config/config.js";
import { createDatabase, type Database } from "../db/client.js";
import { runWithStatementCounter, type StatementCounter } from "../db/statement-counter.js";
import { authenticate } from "../modules/identity/identity.service.js";
import { getAttachmentContent } from "../modules/records/note.service.js";
import { AppError } from "../modules/shared/errors.js";
import { createLocalPubSub, createRedisPubSub, type PubSub } from "../realtime/pubsub.js";
import { StreamWatcher } from "../realtime/stream-watcher.js";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createMetrics, observeSources } from "../telemetry/metrics.js";
import { logFieldsOf, metricsHandler, observeRequests, operationMetricsPlugin, whoFor } from "./observability.js";
import { createTracing } from "./tracing.js";
import { resolveBootstrapSecret } from "./bootstrap-secret.js";
import { buildContext, type AppDeps, type RequestContext } from "./context.js";
import { corsMiddleware } from "./cors.js";
import { mountExplorer, EXPLORER_HEADER, type Explorer } from "./explorer.js";
import { createRedisApqCache } from "./apq-cache.js";
import { documentIdOf, loadTrustedDocuments, NOT_TRUSTED } from "./trusted-documents.js";
import { formatError, INTERNAL_MESSAGE, isClientError } from "./errors.js";
import { keepRawBody, NOT_UTF8, requestSignatureProblem, SIGNATURE_HEADER } from "./webhook-signature.js";
import { admitOperation, limitRules } from "./limits.js";
import { countRefusals, createRateLimiter, RateLimitError } from "./rate-limit.js";
import { MODULES, nodeFinders, registerExtensions } from "./modules.js";
import { buildAppSchema } from "./schema.js";
import { mountHealth } from "./health.js";
import { mountWebhooks } from "./webhooks.js";
import { CLOSE_GOING_AWAY, mountGraphqlWs } from "./ws.js";

export interface RunningApp {
  deps: AppDeps;
  database: Database;
  schema: GraphQLSchema;
  httpServer: Server;
  /** The bound METRICS_PORT once listening; null without one. */
  metricsPort: number | null;
  /** The in-browser explorer; null when EXPLORER=off (or in production by default). */
  explorer: Explorer | null;
  /** Listens (and on METRICS_PORT, when set); resolves with the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Drains HTTP requests, closes WebSockets with 1001, then closes pub/sub and the database. */
  stop(): Promise<void>;
}

export { CLOSE_FORBIDDEN, CLOSE_GOING_AWAY, CLOSE_INVALID_PAYLOAD } from "./ws.js";

/** JSON lines; in a terminal outside production, pino-pretty's readable lines instead. */
export function createLogger(config: Config): Logger {
  const pretty = process.stdout.isTTY && config.env !== "production";
  return pino({
    level: config.logLevel,
    base: { service: "crm-graph" },
    redact: ["req.headers.authorization", "authorization", "token"],
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" } } } : {}),
  });
}

/** Logs every error that will be masked, with the request id, once. */
const errorLoggingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName }) {
        for (const error of errors) {
          if (!isClientError(error)) {
            contextValue.log.error({ err: error.originalError ?? error, requestId: contextValue.requestId, operation: operationName }, "unexpected error");
          }
        }
      },
    };
  },
};

export async function createApp(config: Config, options: { log?: Logger; spanProcessor?: SpanProcessor } = {}): Promise<RunningApp> {
  const log = options.log ?? createLogger(config);
  const tracing = createTracing({ endpoint: config.tracing?.endpoint ?? null, serviceName: config.tracing?.serviceName ?? "crm-graph", spanProcessor: options.spanProcessor });
  const metrics = createMetrics();
  const database = await createDatabase(config.database);
  await database.migrate();
  const pubsub: PubSub = config.redis ? createRedisPubSub(config.redis.url, log) : createLocalPubSub();
  const rateLimiter = countRefusals(createRateLimiter(config.rateLimit, config.redis?.url ?? null, log), metrics);
  await rateLimiter.ready();
  const streams = new StreamWatcher(database.db, { intervalMs: config.streams.checkEveryMs, log });
  // Messages published while the Redis subscriber was away are lost: one probe per stream kind
  // finds the streams that missed one, and only those read again.
  pubsub.onReconnect(() => void streams.check());
  streams.start();
  observeSources(metrics, {
    liveStreams: () => streams.sizes(),
    redisConnected: config.redis ? () => pubsub.connected() : null,
    database: () => database.stats(),
  });
  registerExtensions();
  const deps: AppDeps = {
    db: database.db,
    config,
    log,
    pubsub,
    streams,
    metrics,
    bootstrapSecret: resolveBootstrapSecret(config),
    rateLimiter,
    nodeFinders: nodeFinders(),
  };
  const schema = await buildAppSchema();

  const app = express();
  app.disable("x-powered-by");
  if (config.server.trustProxy !== null) app.set("trust proxy", config.server.trustProxy);
  observeRequests(app, { log, metrics, tracing });
  const httpServer = createServer(app);
  // Longer than a load balancer's idle timeout (60 s is common) and than any client's: the client
  // or the balancer closes an idle connection, never the server under a request it just sent.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const hideSchemaDetails = config.env === "production";
  const format = (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, hideSchemaDetails);
  /** Over WebSocket: errors that are ours are logged, then every error is formatted for the client. */
  const report = (errors: readonly GraphQLError[], where: Record<string, unknown>) => {
    for (const error of errors) if (!isClientError(error)) log.error({ err: error.originalError ?? error, ...where }, "unexpected error");
    return errors.map((e) => format(e.toJSON(), e));
  };
  const admission = { schema, limits: config.limits, rateLimiter };
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocuments.manifestPath) : null;
  if (trusted) log.info({ documents: trusted.size, manifest: config.trustedDocuments!.manifestPath }, "trusted documents only, for user tokens");
  // The explorer in development runs what its user types; in production it is held to the manifest too.
  const explorerExempt = config.env !== "production" && config.explorer.enabled;
  const apqCache = config.redis ? createRedisApqCache(config.redis.url, log) : null;
  const { wss, wsServer } = mountGraphqlWs({ httpServer, schema, config, deps, report, admission, trusted, explorerExempt });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: format,
    logger: log,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: hideSchemaDetails,
    validationRules: limitRules(config.limits),
    parseOptions: { maxTokens: config.limits.tokens },
    // main.ts owns SIGTERM: Apollo's own handler would re-raise the signal and exit 143 mid-drain.
    stopOnTerminationSignals: false,
    // Introspection is one of the limit rules (GRAPHQL_INTROSPECTION), so both transports follow it.
    introspection: true,
    // Automatic persisted queries: shared by the instances through Redis when configured.
    ...(apqCache ? { persistedQueries: { cache: apqCache } } : {}),
    plugins: [
      {
        // TRUSTED_DOCUMENTS: user tokens run only the manifest's operations (integration keys and
        // the explorer in development are not held to it). The source is known here, also for APQ.
        async requestDidStart() {
          return {
            async didResolveOperation({ source, request, contextValue }) {
              if (!trusted || !contextValue.viewer) return;
              if (explorerExempt && request.http?.headers.get(EXPLORER_HEADER) === "1") return;
              const untrusted = trusted.check({ query: source, documentId: documentIdOf(request) });
              if (!untrusted) return;
              untrusted.extensions.http = { status: 403 };
              throw untrusted;
            },
          };
        },
      },
      {
        // The cost needs the variables, so it is priced once the operation is resolved.
        async requestDidStart() {
          return {
            async didResolveOperation({ document, operationName, request, contextValue }) {
              const refused = await admitOperation({ ...admission, caller: contextValue.caller, document, operationName, variables: request.variables });
              if (!refused) return;
              refused.extensions.http =
                refused instanceof RateLimitError
                  ? { status: 429, headers: new Map([["retry-after", String(refused.retryAfterSeconds)]]) }
                  : { status: 400 };
              throw refused;
            },
          };
        },
      },
      // The default cache-control plugin wraps every field resolver; we set no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              for (const client of wss.clients) client.close(CLOSE_GOING_AWAY, "Server shutting down");
              await wsServer.dispose();
            },
          };
        },
      },
      errorLoggingPlugin,
      operationMetricsPlugin(metrics),
      ...(tracing ? [tracing.apolloPlugin] : []),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              const counter = (contextValue as RequestContext & { statementCounter?: { count: number } }).statementCounter;
              if (config.exposeStatementCount && counter && response.body.kind === "single") {
                response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: counter.count };
              }
            },
          };
        },
      },
      // Apollo's landing pages load the Sandbox from a CDN; ours is served from here (explorer.ts).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.get("/metrics", metricsHandler(config.metrics, metrics));
  mountHealth(app, { database, pubsub, config });

  const contextFromRequest = async (req: Request, res: Response) => {
    const auth = await authenticate(database.db, req.headers.authorization);
    // A key that requires signed pushes requires them wherever it is used, not only on the webhook.
    const unsigned = requestSignatureProblem(auth, req);
    if (unsigned) throw new AppError("UNAUTHENTICATED", unsigned, { field: SIGNATURE_HEADER });
    const secret = req.headers["x-bootstrap-secret"];
    const ctx = buildContext(deps, auth, {
      requestId: (res.locals.requestId as string) ?? randomUUID(),
      bootstrapSecretHeader: typeof secret === "string" ? secret : null,
      // req.ip honours TRUST_PROXY: behind a load balancer, the client's address, not the balancer's.
      address: req.ip ?? req.socket.remoteAddress,
    });
    Object.assign(logFieldsOf(res), whoFor(auth));
    return Object.assign(ctx, { statementCounter: res.locals.statementCounter as StatementCounter | undefined, httpLocals: res.locals as Record<string, unknown> });
  };

  mountWebhooks(app, deps, schema, MODULES);
  for (const m of MODULES) m.routes?.(app, { ...deps, schema });
  const explorer = config.explorer.enabled ? mountExplorer(app, { endpoint: "/graphql" }) : null;

  // Front ends on other origins (CORS_ORIGINS); preflights are answered here, before Apollo.
  const cors = corsMiddleware(config.cors.origins);
  app.use("/graphql", cors);
  app.use("/attachments", cors);

  app.get("/attachments/:id", async (req, res) => {
    try {
      const ctx = await contextFromRequest(req, res);
      const row = await getAttachmentContent(ctx, req.params.id);
      res.setHeader("Content-Type", row.contentType);
      res.setHeader("Content-Length", String(row.size));
      res.setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.end(row.data);
    } catch (error) {
      if (error instanceof AppError) {
        const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 }[error.code as string] ?? 400;
        res.status(status).json({ error: { code: error.code, field: error.field, message: error.message } });
      } else {
        log.error({ err: error }, "attachment download failed");
        res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
      }
    }
  });

  app.use(
    "/graphql",
    (_req, res, next) => {
      if (!config.exposeStatementCount) return next();
      // Only where counts are exposed (tests): AsyncLocalStorage costs every request a few percent.
      const counter: StatementCounter = { count: 0 };
      res.locals.statementCounter = counter;
      runWithStatementCounter(counter, () => next());
    },
    express.json({ limit: config.server.bodyLimitBytes, verify: keepRawBody }),
    // A trusted document named by its id alone: its text from the manifest, for Apollo to run.
    (req, res, next) => {
      const body = req.body as { query?: unknown; documentId?: unknown; extensions?: Record<string, unknown> } | undefined;
      const documentId = trusted && body && typeof body === "object" && !Array.isArray(body) ? documentIdOf(body) : undefined;
      if (typeof documentId !== "string") return next();
      body!.extensions = { ...body!.extensions, documentId };
      if (body!.query !== undefined) return next();
      const text = trusted!.text(documentId);
      if (text === undefined) {
        res.status(404).json({ errors: [{ message: `Document ${documentId} is not a trusted document of this server`, extensions: { code: NOT_TRUSTED } }] });
        return;
      }
      body!.query = text;
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          return await contextFromRequest(req, res);
        } catch (error) {
          // A bad token fails the whole request with 401, its code kept.
          if (error instanceof AppError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );
  // Body parser failures answer as GraphQL errors, and nothing falls through to Express's HTML
  // error page (which shows stack traces outside production).
  app.use((error: { type?: string; status?: number }, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(error);
    const reply = (status: number, message: string, extensions: Record<string, unknown>) => res.status(status).json({ errors: [{ message, extensions }] });
    if (error.type === "entity.too.large") return reply(413, "The request body is too large", { code: "LIMIT_EXCEEDED", limit: "body", max: config.server.bodyLimitBytes });
    if (error.type === "entity.parse.failed") return reply(400, "The request body is not valid JSON", { code: "BAD_REQUEST" });
    if (error.type === NOT_UTF8) return reply(400, "The request body is not valid UTF-8", { code: "BAD_USER_INPUT", field: "body" });
    if (typeof error.status === "number" && error.status >= 400 && error.status < 500) return reply(error.status, "Bad request", { code: "BAD_REQUEST" });
    log.error({ err: error, path: req.path }, "unhandled error");
    return reply(500, INTERNAL_MESSAGE, { code: "INTERNAL_SERVER_ERROR" });
  });

  const jobs = MODULES.flatMap((m) => m.jobs?.(deps) ?? []);
  // METRICS_PORT: the metrics on a listener of their own, for a network only the scraper reaches.
  const metricsServer =
    config.metrics.port === null
      ? null
      : createServer((req, res) => {
          if ((req.url ?? "").split("?")[0] !== "/metrics") return void res.writeHead(404).end();
          metrics.registry.metrics().then(
            (text) => res.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(text),
            (error: unknown) => {
              log.error({ err: error }, "metrics collection failed");
              res.writeHead(500).end();
            },
          );
        });
  let stopped: Promise<void> | null = null;
  const app_: RunningApp = {
    deps,
    database,
    schema,
    httpServer,
    metricsPort: null,
    explorer,
    listen: async (port = config.server.port, host = config.server.host) => {
      const listening = (server: Server, p: number) =>
        new Promise<number>((resolve, reject) => {
          server.once("error", reject);
          server.listen(p, host, () => resolve((server.address() as AddressInfo).port));
        });
      if (metricsServer) app_.metricsPort = await listening(metricsServer, config.metrics.port!);
      return listening(httpServer, port);
    },
    stop: () =>
      (stopped ??= (async () => {
        await apollo.stop();
        if (metricsServer?.listening) await new Promise((resolve) => metricsServer.close(resolve));
        await tracing?.shutdown();
        await Promise.all(jobs.map((job) => job.stop()));
        await streams.stop();
        wss.close();
        await pubsub.close();
        await rateLimiter.close();
        await apqCache?.close();
        await database.close();
      })()),
  };
  return app_;
}
