import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Config } from "../config/config.js";
import { createDatabase, type Database } from "../db/client.js";
import { createAuthCache } from "../modules/identity/auth-cache.js";
import { createLocalPubSub, createRedisPubSub, type PubSub } from "../realtime/pubsub.js";
import { StreamWatcher } from "../realtime/stream-watcher.js";
import { createMetrics, observeSources } from "../telemetry/metrics.js";
import { startApollo } from "./apollo.js";
import { createRedisApqCache } from "./apq-cache.js";
import { mountAttachments } from "./attachments.js";
import { resolveBootstrapSecret } from "./bootstrap-secret.js";
import type { AppDeps } from "./context.js";
import { corsMiddleware } from "./cors.js";
import { clientErrorFormatter, wsErrorReporter } from "./errors.js";
import { mountExplorer, type Explorer } from "./explorer.js";
import { mountGraphqlHttp } from "./graphql-http.js";
import { mountHealth } from "./health.js";
import { httpContextFactory } from "./http-context.js";
import { mountErrorHandler } from "./http-errors.js";
import { createLogger } from "./logger.js";
import { createMetricsServer } from "./metrics-server.js";
import { MODULES, nodeFinders, registerExtensions, startJobs } from "./modules.js";
import { metricsHandler, observeRequests } from "./observability.js";
import { countRefusals, createRateLimiter } from "./rate-limit.js";
import { buildAppSchema } from "./schema.js";
import { createTracing } from "./tracing.js";
import { loadTrustedDocuments } from "./trusted-documents.js";
import { mountWebhooks } from "./webhooks.js";
import { mountGraphqlWs } from "./ws.js";

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

/** The server composed: the process-wide dependencies, both GraphQL transports, the HTTP routes and the modules' jobs. */
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
  const authCache = createAuthCache(pubsub, { ttlMs: config.authCacheMs, log });
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
    authCache,
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

  // The policy both transports apply: error formatting, limits, trusted documents.
  const hideSchemaDetails = config.env === "production";
  const format = clientErrorFormatter(hideSchemaDetails);
  const admission = { schema, limits: config.limits, rateLimiter };
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocuments.manifestPath) : null;
  if (trusted) log.info({ documents: trusted.size, manifest: config.trustedDocuments!.manifestPath }, "trusted documents only, for user tokens");
  // The explorer in development runs what its user types; in production it is held to the manifest too.
  const explorerExempt = config.env !== "production" && config.explorer.enabled;
  const apqCache = config.redis ? createRedisApqCache(config.redis.url, log) : null;

  const ws = mountGraphqlWs({ httpServer, schema, config, deps, report: wsErrorReporter(log, format), admission, trusted, explorerExempt });
  const apollo = await startApollo({ schema, config, log, metrics, tracing, httpServer, ws, format, hideSchemaDetails, admission, trusted, explorerExempt, apqCache });

  app.get("/metrics", metricsHandler(config.metrics, metrics));
  mountHealth(app, { database, pubsub, config });
  const contextFromRequest = httpContextFactory(deps);
  mountWebhooks(app, deps, schema, MODULES.flatMap((m) => m.webhooks ?? []));
  const explorer = config.explorer.enabled ? mountExplorer(app, { endpoint: "/graphql" }) : null;
  // Front ends on other origins (CORS_ORIGINS); preflights are answered here, before Apollo.
  const cors = corsMiddleware(config.cors.origins);
  app.use("/graphql", cors);
  app.use("/attachments", cors);
  app.use("/uploads", cors);
  // The modules' own HTTP routes (social's POST /uploads).
  for (const m of MODULES) m.routes?.(app, { ...deps, schema });
  mountAttachments(app, { contextFromRequest, log });
  mountGraphqlHttp(app, { apollo, config, trusted, contextFromRequest });
  mountErrorHandler(app, { log, bodyLimitBytes: config.server.bodyLimitBytes });

  const jobs = startJobs(deps, MODULES);
  await Promise.all(jobs.map((job) => job.ready));
  const metricsServer = config.metrics.port === null ? null : createMetricsServer(metrics, log);
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
        ws.wss.close();
        ws.stopAccessListener();
        authCache.close();
        await pubsub.close();
        await rateLimiter.close();
        await apqCache?.close();
        await database.close();
      })()),
  };
  return app_;
}
