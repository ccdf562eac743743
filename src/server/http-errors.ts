import type { Express, Request, Response } from "express";
import type { Logger } from "pino";
import { INTERNAL_MESSAGE } from "./errors.js";
import { NOT_UTF8 } from "./webhook-signature.js";

/**
 * Mounted last: body parser failures answer as GraphQL errors, and nothing falls through to
 * Express's HTML error page (which shows stack traces outside production).
 */
export function mountErrorHandler(app: Express, { log, bodyLimitBytes }: { log: Logger; bodyLimitBytes: number }) {
  app.use((error: { type?: string; status?: number }, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(error);
    const reply = (status: number, message: string, extensions: Record<string, unknown>) => res.status(status).json({ errors: [{ message, extensions }] });
    if (error.type === "entity.too.large") return reply(413, "The request body is too large", { code: "LIMIT_EXCEEDED", limit: "body", max: bodyLimitBytes });
    if (error.type === "entity.parse.failed") return reply(400, "The request body is not valid JSON", { code: "BAD_REQUEST" });
    if (error.type === NOT_UTF8) return reply(400, "The request body is not valid UTF-8", { code: "BAD_USER_INPUT", field: "body" });
    if (typeof error.status === "number" && error.status >= 400 && error.status < 500) return reply(error.status, "Bad request", { code: "BAD_REQUEST" });
    log.error({ err: error, path: req.path }, "unhandled error");
    return reply(500, INTERNAL_MESSAGE, { code: "INTERNAL_SERVER_ERROR" });
  });
}
