import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Request, type Response } from "express";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { pino, type Logger } from "pino";
import { WebSocketServer } from "ws";
import type { Config } from "../config/config.js";
import { createDatabase, type Database } from "../db/client.js";
import { runWithStatementCounter, type StatementCounter } from "../db/statement-counter.js";
import { authenticate, type Authentication } from "../modules/identity/identity.service.js";
import { getAttachmentContent } from "../modules/records/note.service.js";
import { AppError } from "../modules/shared/errors.js";
import { startAveragesJob } from "../modules/timeline/interval-averages.service.js";
import { createLocalPubSub, createRedisPubSub, type PubSub } from "../realtime/pubsub.js";
import { resolveBootstrapSecret } from "./bootstrap-secret.js";
import { buildContext, type AppDeps, type RequestContext } from "./context.js";
import { acceptsOrigin, corsMiddleware } from "./cors.js";
import { mountExplorer, EXPLORER_HEADER, type Explorer } from "./explorer.js";
import { createRedisApqCache } from "./apq-cache.js";
import { documentIdOf, loadTrustedDocuments, NOT_TRUSTED } from "./trusted-documents.js";
import { formatError, INTERNAL_MESSAGE, isClientError } from "./errors.js";
import { keepRawBody, requestSignatureProblem, SIGNATURE_HEADER } from "./webhook-signature.js";
import { admitOperation, limitExceeded, limitRules, prepareOperation } from "./limits.js";
import { callerOf, createRateLimiter, RateLimitError } from "./rate-limit.js";
import { buildAppSchema } from "./schema.js";
import { mountWebhooks } from "./webhooks.js";

export interface RunningApp {
  deps: AppDeps;
  database: Database;
  schema: GraphQLSchema;
  httpServer: Server;
  /** The in-browser explorer; null when EXPLORER=off (or in production by default). */
  explorer: Explorer | null;
  /** Listens; resolves with the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Drains HTTP requests, closes WebSockets with 1001, then closes pub/sub and the database. */
  stop(): Promise<void>;
}

/** WebSocket close code for a bad or missing token at connect (API.md). */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_GOING_AWAY = 1001;

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { service: "crm-graph" }, redact: ["req.headers.authorization"] });
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

export async function createApp(config: Config, options: { log?: Logger } = {}): Promise<RunningApp> {
  const log = options.log ?? createLogger(config);
  const database = await createDatabase(config.database);
  await database.migrate();
  const pubsub: PubSub = config.redis ? createRedisPubSub(config.redis.url, log) : createLocalPubSub();
  const rateLimiter = createRateLimiter(config.rateLimit, config.redis?.url ?? null, log);
  await rateLimiter.ready();
  const deps: AppDeps = { db: database.db, config, log, pubsub, bootstrapSecret: resolveBootstrapSecret(config), rateLimiter };
  const schema = await buildAppSchema();

  const app = express();
  app.disable("x-powered-by");
  if (config.server.trustProxy !== null) app.set("trust proxy", config.server.trustProxy);
  const httpServer = createServer(app);
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
  const wss = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: config.ws.maxPayloadBytes,
    // The same allow-list as CORS. Browsers send Origin; other clients (servers, CLIs) do not and are let through.
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) =>
      acceptsOrigin(config.cors.origins, req) ? done(true) : done(false, 403, "Origin not allowed"),
  });

  const wsServer = useServer<Record<string, unknown>, { auth?: Authentication; subscribes?: number[] }>(
    {
      schema,
      connectionInitWaitTimeout: config.ws.initTimeoutMs,
      // DESIGN trap 4: Apollo's pipeline does not run here. The same limits are applied per
      // operation, and a bad operation is an error for that operation: the socket stays open.
      onSubscribe: async (ctx, _id, payload) => {
        const now = Date.now();
        const recent = (ctx.extra.subscribes = (ctx.extra.subscribes ?? []).filter((t) => t > now - 10_000));
        recent.push(now);
        if (recent.length > config.ws.subscribesPer10s) return [limitExceeded("subscribeRate", config.ws.subscribesPer10s, "connection")];
        // ctx.subscriptions already holds this one.
        if (Object.keys(ctx.subscriptions).length > config.ws.maxSubscriptions) {
          return [limitExceeded("subscriptions", config.ws.maxSubscriptions, "connection")];
        }
        if (trusted && ctx.extra.auth?.viewer && !(explorerExempt && ctx.connectionParams?.explorer === true)) {
          const untrusted = trusted.check({ query: payload.query, documentId: documentIdOf(payload) });
          if (untrusted) return [untrusted];
        }
        const prepared = prepareOperation(schema, config.limits, payload);
        if (prepared.errors) return prepared.errors;
        const refused = await admitOperation({
          ...admission,
          caller: callerOf(ctx.extra.auth ?? null, undefined),
          document: prepared.document,
          operationName: payload.operationName,
          variables: payload.variables,
        });
        if (refused) return [refused];
        return { schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onError: (_ctx, id, _payload, errors) => report(errors, { operationId: id }),
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization;
        try {
          const auth = await authenticate(database.db, typeof header === "string" ? header : null);
          if (!auth?.viewer) return false;
          ctx.extra.auth = auth;
          return true;
        } catch (error) {
          if (error instanceof AppError) return false;
          throw error;
        }
      },
      context: (ctx) => buildContext(deps, ctx.extra.auth ?? null),
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!("errors" in result) || !result.errors?.length) return result;
        const errors = report(result.errors, { requestId: (args.contextValue as RequestContext).requestId });
        return { ...result, errors } as unknown as typeof result;
      },
    },
    wss,
    config.ws.keepAliveMs,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: format,
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

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const checks: Record<string, boolean> = {};
    checks.database = await database.ping().then(
      () => true,
      () => false,
    );
    if (config.redis) checks.redis = await pubsub.ready();
    const ok = Object.values(checks).every(Boolean);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "unavailable", checks });
  });

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
    return Object.assign(ctx, { statementCounter: res.locals.statementCounter });
  };

  mountWebhooks(app, deps, schema);
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
      res.locals.requestId = randomUUID();
      res.setHeader("X-Request-Id", res.locals.requestId as string);
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
    if (typeof error.status === "number" && error.status >= 400 && error.status < 500) return reply(error.status, "Bad request", { code: "BAD_REQUEST" });
    log.error({ err: error, path: req.path }, "unhandled error");
    return reply(500, INTERNAL_MESSAGE, { code: "INTERNAL_SERVER_ERROR" });
  });

  const averagesJob = config.timelineAverages.checkEveryMs > 0 ? startAveragesJob(database.db, log, config.timelineAverages) : null;
  let stopped: Promise<void> | null = null;
  return {
    deps,
    database,
    schema,
    httpServer,
    explorer,
    listen: (port = config.server.port, host = config.server.host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    stop: () =>
      (stopped ??= (async () => {
        await apollo.stop();
        await averagesJob?.stop();
        wss.close();
        await pubsub.close();
        await rateLimiter.close();
        await apqCache?.close();
        await database.close();
      })()),
  };
}
