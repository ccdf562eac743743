import type { Express } from "express";
import type { Logger } from "pino";
import { getAttachmentContent } from "../modules/records/note.service.js";
import { AppError } from "../modules/shared/errors.js";
import type { HttpContextFactory } from "./http-context.js";

/** `GET /attachments/:id`: an attachment's bytes, for callers who may view its record; errors as `{ error: { code, field, message } }`. */
export function mountAttachments(app: Express, { contextFromRequest, log }: { contextFromRequest: HttpContextFactory; log: Logger }) {
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
}
