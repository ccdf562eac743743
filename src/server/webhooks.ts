import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { execute, parse, validate, type GraphQLSchema } from "graphql";
import { authenticate } from "../modules/identity/identity.service.js";
import { AppError } from "../modules/shared/errors.js";
import type { ModuleWebhook } from "../modules/shared/module.js";
import { buildContext, type AppDeps } from "./context.js";
import { formatError, INTERNAL_MESSAGE, isClientError } from "./errors.js";
import { admitOperation } from "./limits.js";
import { logFieldsOf, whoFor } from "./observability.js";
import { RateLimitError } from "./rate-limit.js";
import { keepRawBody, NOT_UTF8, requestSignatureProblem, SIGNATURE_HEADER } from "./webhook-signature.js";

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LIMIT_EXCEEDED: 429,
  BAD_USER_INPUT: 400,
};

function sendError(res: Response, status: number, error: { code: string; message: string; field?: string }) {
  res.status(status).json({ error });
}

/**
 * The modules' webhooks (`POST /webhooks/signals`, `POST /webhooks/social-posts`, …): the
 * mutation's input as the JSON body, with an integration key as bearer token (and, for keys
 * created with `requireSignature`, an HMAC signature of the body). Each runs its module's GraphQL
 * mutation, so input coercion, validation and errors are the same: 200 with the module's reply,
 * or 4xx `{ error: { code, field, message } }`.
 */
export function mountWebhooks(app: Express, deps: AppDeps, schema: GraphQLSchema, webhooks: readonly ModuleWebhook[]) {
  for (const webhook of webhooks) mountWebhook(app, deps, schema, webhook);
  // Body parser failures (malformed JSON, too large) answer in the same error shape.
  app.use("/webhooks", (error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === "entity.parse.failed") return sendError(res, 400, { code: "BAD_USER_INPUT", field: "body", message: "The body is not valid JSON" });
    if (error.type === NOT_UTF8) return sendError(res, 400, { code: "BAD_USER_INPUT", field: "body", message: "The body is not valid UTF-8" });
    if (error.type === "entity.too.large") return sendError(res, 413, { code: "LIMIT_EXCEEDED", field: "body", message: "The body is too large" });
    next(error);
  });
}

function mountWebhook(app: Express, deps: AppDeps, schema: GraphQLSchema, webhook: ModuleWebhook) {
  // Parsed and validated once: only the variables change per request.
  const document = parse(webhook.operation);
  const problems = validate(schema, document);
  if (problems.length) throw new Error(`webhook operation of ${webhook.path} is invalid: ${problems[0]!.message}`);
  const name = `webhook:${webhook.path.replace(/^\/webhooks\//, "")}`;
  app.post(
    webhook.path,
    express.json({ limit: deps.config.server.bodyLimitBytes, strict: true, verify: keepRawBody }),
    async (req: Request, res: Response) => {
      try {
        const auth = await authenticate(deps, req.headers.authorization);
        if (!auth?.integration) return sendError(res, 401, { code: "UNAUTHENTICATED", message: "An integration key is required" });
        const unsigned = requestSignatureProblem(auth, req);
        if (unsigned) return sendError(res, 401, { code: "UNAUTHENTICATED", field: SIGNATURE_HEADER, message: unsigned });
        if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
          return sendError(res, 400, { code: "BAD_USER_INPUT", field: "body", message: "The body must be a JSON object" });
        }
        Object.assign(logFieldsOf(res), whoFor(auth), { operation: name });
        const ctx = buildContext(deps, auth, { requestId: res.locals.requestId as string | undefined });
        const variables = { input: req.body };
        const refused = await admitOperation({ schema, limits: deps.config.limits, rateLimiter: deps.rateLimiter, caller: ctx.caller, document, variables });
        if (refused) {
          if (refused instanceof RateLimitError) res.setHeader("Retry-After", String(refused.retryAfterSeconds));
          const code = String(refused.extensions.code);
          return sendError(res, STATUS[code] ?? 400, { code, message: refused.message, field: refused.extensions.field as string | undefined });
        }
        const result = await execute({ schema, document, variableValues: variables, contextValue: ctx });
        const error = result.errors?.[0];
        if (error) {
          const formatted = formatError(error.toJSON(), error);
          const code = String(formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR");
          if (!isClientError(error)) deps.log.error({ err: error.originalError ?? error, requestId: ctx.requestId }, "webhook failed");
          return sendError(res, STATUS[code] ?? 500, { code, message: formatted.message, field: formatted.extensions?.field as string | undefined });
        }
        res.json(webhook.reply(result.data as Record<string, unknown>));
      } catch (error) {
        if (error instanceof AppError) return sendError(res, STATUS[error.code] ?? 400, { code: error.code, message: error.message, field: error.field });
        deps.log.error({ err: error }, "webhook failed");
        sendError(res, 500, { code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE });
      }
    },
  );
}
