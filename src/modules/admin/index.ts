import type { Request, Response } from "express";
import { authenticate } from "../identity/identity.service.js";
import { AppError } from "../shared/errors.js";
import { defineModule } from "../shared/module.js";
import { AdminResolver } from "./admin.resolver.js";
import { findAuditEntry, streamExport } from "./admin.service.js";

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/**
 * The suite's administration that needs records: deleting a user with reassignment, exporting a
 * user's data, and the audit log (ADM-5, ADM-6). The operations matrix and the user lifecycle that
 * needs no records live in identity (`operations.ts`, `lifecycle.service.ts`).
 */
export default defineModule({
  name: "admin",
  resolvers: [AdminResolver],
  nodeTypes: { AuditEntry: (ctx, id) => findAuditEntry(ctx, id) },
  routes: (app, deps) => {
    // GET /exports/<secret> with the bearer token of the admin who asked for it: NDJSON, streamed, once.
    app.get("/exports/:secret", async (req: Request, res: Response) => {
      try {
        const auth = await authenticate(deps, req.headers.authorization);
        await streamExport(deps.db, auth?.viewer ?? null, String(req.params.secret), res);
      } catch (error) {
        if (res.headersSent) {
          deps.log.error({ err: error }, "export stream failed");
          res.destroy();
        } else if (error instanceof AppError) {
          res.status(STATUS[error.code] ?? 400).json({ error: { code: error.code, field: error.field, message: error.message } });
        } else {
          deps.log.error({ err: error }, "export failed");
          res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
        }
      }
    });
  },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    AuditEntry: true;
  }
}
