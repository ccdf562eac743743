import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Config } from "../config/config.js";
import type { RequestContext } from "./context.js";
import { isClientError } from "./errors.js";
import { EXPLORER_HEADER } from "./explorer.js";
import { admitOperation } from "./limits.js";
import { RateLimitError, type RateLimiter } from "./rate-limit.js";
import { documentIdOf, type TrustedDocuments } from "./trusted-documents.js";
import { CLOSE_GOING_AWAY, type mountGraphqlWs } from "./ws.js";

/** Logs every error that will be masked, with the request id, once. */
export const errorLoggingPlugin: ApolloServerPlugin<RequestContext> = {
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

/**
 * TRUSTED_DOCUMENTS: user tokens run only the manifest's operations (integration keys and the
 * explorer in development are not held to it). The source is known here, also for APQ.
 */
export function trustedDocumentsPlugin({ trusted, explorerExempt }: { trusted: TrustedDocuments | null; explorerExempt: boolean }): ApolloServerPlugin<RequestContext> {
  return {
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
  };
}

/** Input checks, the cost limit and the caller's rate budget: the cost needs the variables, so it is priced once the operation is resolved. */
export function admissionPlugin(admission: { schema: GraphQLSchema; limits: Config["limits"]; rateLimiter: RateLimiter }): ApolloServerPlugin<RequestContext> {
  return {
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
  };
}

/** On shutdown, once HTTP has drained: every WebSocket closed with 1001, then graphql-ws disposed. */
export function drainWebSocketsPlugin({ wss, wsServer }: ReturnType<typeof mountGraphqlWs>): ApolloServerPlugin<RequestContext> {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          for (const client of wss.clients) client.close(CLOSE_GOING_AWAY, "Server shutting down");
          await wsServer.dispose();
        },
      };
    },
  };
}

/** `exposeStatementCount` (set by the tests only): the SQL statements a request ran, as `extensions.sqlStatements`. */
export function statementCountPlugin(expose: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const counter = (contextValue as RequestContext & { statementCounter?: { count: number } }).statementCounter;
          if (expose && counter && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: counter.count };
          }
        },
      };
    },
  };
}
