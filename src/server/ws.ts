import { isUtf8 } from "node:buffer";
import type { IncomingMessage, Server } from "node:http";
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Config } from "../config/config.js";
import { authenticate, type Authentication } from "../modules/identity/identity.service.js";
import { isAccessLive } from "../modules/identity/access.js";
import { AppError } from "../modules/shared/errors.js";
import { buildContext, type AppDeps, type RequestContext } from "./context.js";
import { acceptsOrigin } from "./cors.js";
import { admitOperation, limitExceeded, prepareOperation } from "./limits.js";
import { whoFor, wsOperations } from "./observability.js";
import { callerOf, type RateLimiter } from "./rate-limit.js";
import { documentIdOf, type TrustedDocuments } from "./trusted-documents.js";

/** WebSocket close code for a bad or missing token at connect (API.md). */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_GOING_AWAY = 1001;
/** RFC 6455: a message whose data is inconsistent with its type (here, not UTF-8). */
export const CLOSE_INVALID_PAYLOAD = 1007;

/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's `/graphql`: the Origin allow-list,
 * strict frames, authentication at connect, and per operation the same policy as HTTP (limits,
 * trusted documents, cost and rate), errors logged and formatted, one log line and metric each.
 */
export function mountGraphqlWs(a: {
  httpServer: Server;
  schema: GraphQLSchema;
  config: Config;
  deps: AppDeps;
  /** Errors that are ours are logged, then every error is formatted for the client. */
  report: (errors: readonly GraphQLError[], where: Record<string, unknown>) => GraphQLFormattedError[];
  admission: { schema: GraphQLSchema; limits: Config["limits"]; rateLimiter: RateLimiter };
  trusted: TrustedDocuments | null;
  explorerExempt: boolean;
}) {
  const { httpServer, schema, config, deps, report, admission, trusted, explorerExempt } = a;
  const wss = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: config.ws.maxPayloadBytes,
    // The same allow-list as CORS. Browsers send Origin; other clients (servers, CLIs) do not and are let through.
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) =>
      acceptsOrigin(config.cors.origins, req) ? done(true) : done(false, 403, "Origin not allowed"),
  });

  // GraphQL over WebSocket speaks in text frames, which ws checks for valid UTF-8 (closing with
  // 1007). graphql-ws would decode a binary frame with String(), replacing invalid bytes with
  // U+FFFD: such a frame closes the socket with 1007 as well, before graphql-ws sees it.
  // A frame ws refuses (too large, not UTF-8) is reported as an "error" event, which graphql-ws
  // prints to stderr: it is logged here instead (ws has already closed the socket with its code).
  wss.on("connection", (socket) => {
    deps.metrics.openWebSockets.inc();
    socket.once("close", () => deps.metrics.openWebSockets.dec());
    const emit = socket.emit;
    socket.emit = function (this: typeof socket, event: string | symbol, ...args: unknown[]) {
      if (event === "message" && args[1] === true && !isUtf8(args[0] as Buffer)) {
        socket.close(CLOSE_INVALID_PAYLOAD, "Invalid UTF-8 in a binary frame");
        return false;
      }
      if (event === "error") {
        deps.log.warn({ err: (args[0] as Error)?.message, transport: "ws" }, "websocket closed on a bad frame");
        return true;
      }
      return emit.call(this, event, ...args);
    } as typeof socket.emit;
  });
  const wsOps = wsOperations({ log: deps.log, metrics: deps.metrics });

  // A deactivated or deleted user, or a revoked token, loses its open WebSockets at once, on
  // every instance (the auth cache hears of it here at once, from the others through the `access`
  // topic): the socket closes with 4403 and its subscriptions end.
  const authenticated = new Set<{ socket: { close(code: number, reason: string): void }; auth: Authentication }>();
  const unlisten = deps.authCache.onChange(({ orgId, userId, tokenId }) => {
    if (userId === undefined && tokenId === undefined) return;
    for (const entry of authenticated) {
      const viewer = entry.auth.viewer;
      if (!viewer || viewer.orgId !== orgId) continue;
      if ((userId !== undefined && viewer.userId === userId) || (tokenId !== undefined && viewer.tokenId === tokenId)) {
        authenticated.delete(entry);
        entry.socket.close(CLOSE_FORBIDDEN, "Access revoked");
      }
    }
  });
  // Revocations published while pub/sub was away are lost (DESIGN trap 7): once it is back, every
  // authenticated socket is checked against the database instead.
  deps.pubsub.onReconnect(() => {
    void (async () => {
      for (const entry of [...authenticated]) {
        const viewer = entry.auth.viewer;
        if (viewer && !(await isAccessLive(deps.db, viewer).catch(() => true))) {
          authenticated.delete(entry);
          entry.socket.close(CLOSE_FORBIDDEN, "Access revoked");
        }
      }
    })();
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
        wsOps.started(ctx, _id, prepared.document, payload.operationName);
        return { schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onError: (ctx, id, _payload, errors) => {
        wsOps.errors(ctx, id, errors);
        wsOps.finished(ctx, id, whoFor(ctx.extra.auth ?? null));
        return report(errors, { operationId: id });
      },
      onComplete: (ctx, id) => wsOps.finished(ctx, id, whoFor(ctx.extra.auth ?? null)),
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization;
        try {
          const auth = await authenticate(deps, typeof header === "string" ? header : null);
          if (!auth?.viewer) return false;
          ctx.extra.auth = auth;
          const entry = { socket: ctx.extra.socket, auth };
          authenticated.add(entry);
          ctx.extra.socket.once("close", () => authenticated.delete(entry));
          return true;
        } catch (error) {
          if (error instanceof AppError) return false;
          throw error;
        }
      },
      context: (ctx) => buildContext(deps, ctx.extra.auth ?? null),
      onNext: (ctx, id, _payload, args, result) => {
        if (!("errors" in result) || !result.errors?.length) return result;
        wsOps.errors(ctx, id, result.errors);
        const errors = report(result.errors, { requestId: (args.contextValue as RequestContext).requestId });
        return { ...result, errors } as unknown as typeof result;
      },
    },
    wss,
    config.ws.keepAliveMs,
  );
  return {
    wss,
    wsServer,
    /** Stops listening for revoked access (shutdown); never waits for the pub/sub transport. */
    stopAccessListener() {
      unlisten();
    },
  };
}
