import type { Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { Metrics } from "../telemetry/metrics.js";
import type { ApqCache } from "./apq-cache.js";
import { admissionPlugin, drainWebSocketsPlugin, errorLoggingPlugin, statementCountPlugin, trustedDocumentsPlugin } from "./apollo-plugins.js";
import type { RequestContext } from "./context.js";
import type { clientErrorFormatter } from "./errors.js";
import { limitRules } from "./limits.js";
import { operationMetricsPlugin } from "./observability.js";
import type { RateLimiter } from "./rate-limit.js";
import type { Tracing } from "./tracing.js";
import type { TrustedDocuments } from "./trusted-documents.js";
import type { mountGraphqlWs } from "./ws.js";

/** GraphQL over HTTP: Apollo Server with the HTTP side of the policy (limits, trusted documents, cost and rate), started. */
export async function startApollo(a: {
  schema: GraphQLSchema;
  config: Config;
  log: Logger;
  metrics: Metrics;
  tracing: Tracing | null;
  httpServer: Server;
  ws: ReturnType<typeof mountGraphqlWs>;
  format: ReturnType<typeof clientErrorFormatter>;
  hideSchemaDetails: boolean;
  admission: { schema: GraphQLSchema; limits: Config["limits"]; rateLimiter: RateLimiter };
  trusted: TrustedDocuments | null;
  explorerExempt: boolean;
  apqCache: ApqCache | null;
}): Promise<ApolloServer<RequestContext>> {
  const { config } = a;
  const apollo = new ApolloServer<RequestContext>({
    schema: a.schema,
    formatError: a.format,
    logger: a.log,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: a.hideSchemaDetails,
    validationRules: limitRules(config.limits),
    parseOptions: { maxTokens: config.limits.tokens },
    // main.ts owns SIGTERM: Apollo's own handler would re-raise the signal and exit 143 mid-drain.
    stopOnTerminationSignals: false,
    // Introspection is one of the limit rules (GRAPHQL_INTROSPECTION), so both transports follow it.
    introspection: true,
    // Automatic persisted queries: shared by the instances through Redis when configured.
    ...(a.apqCache ? { persistedQueries: { cache: a.apqCache } } : {}),
    plugins: [
      trustedDocumentsPlugin({ trusted: a.trusted, explorerExempt: a.explorerExempt }),
      admissionPlugin(a.admission),
      // The default cache-control plugin wraps every field resolver; we set no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: a.httpServer }),
      drainWebSocketsPlugin(a.ws),
      errorLoggingPlugin,
      operationMetricsPlugin(a.metrics),
      ...(a.tracing ? [a.tracing.apolloPlugin] : []),
      statementCountPlugin(config.exposeStatementCount),
      // Apollo's landing pages load the Sandbox from a CDN; ours is served from here (explorer.ts).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  return apollo;
}
