import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import { GraphQLError } from "graphql";
import type { Config } from "../config/config.js";
import { runWithStatementCounter, type StatementCounter } from "../db/statement-counter.js";
import { AppError } from "../modules/shared/errors.js";
import type { RequestContext } from "./context.js";
import type { HttpContextFactory } from "./http-context.js";
import { documentIdOf, NOT_TRUSTED, type TrustedDocuments } from "./trusted-documents.js";
import { keepRawBody } from "./webhook-signature.js";

/** `/graphql` over HTTP: the statement counter where exposed, the JSON body, trusted documents by id, then Apollo. */
export function mountGraphqlHttp(
  app: Express,
  a: { apollo: ApolloServer<RequestContext>; config: Config; trusted: TrustedDocuments | null; contextFromRequest: HttpContextFactory },
) {
  const { apollo, config, trusted, contextFromRequest } = a;
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
}
