import { randomUUID } from "node:crypto";
import type { Request, Response } from "express";
import type { StatementCounter } from "../db/statement-counter.js";
import { authenticate } from "../modules/identity/identity.service.js";
import { AppError } from "../modules/shared/errors.js";
import { buildContext, type AppDeps, type RequestContext } from "./context.js";
import { logFieldsOf, whoFor } from "./observability.js";
import { requestSignatureProblem, SIGNATURE_HEADER } from "./webhook-signature.js";

export type HttpContextFactory = (req: Request, res: Response) => Promise<RequestContext>;

/** The request context of an HTTP request (GraphQL or a download): its caller authenticated, its log line told who. */
export function httpContextFactory(deps: AppDeps): HttpContextFactory {
  return async (req, res) => {
    const auth = await authenticate(deps, req.headers.authorization);
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
}
