import type { Express, Request, Response } from "express";
import { authenticate } from "../identity/identity.service.js";
import type { ModuleDeps } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import * as repo from "./social.repo.js";
import { requireSocial } from "./social.service.js";

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, LIMIT_EXCEEDED: 413 };
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

class UploadTooLarge extends Error {}

function reply(res: Response, status: number, error: { code: string; message: string; field?: string; [k: string]: unknown }) {
  if (!res.headersSent) res.status(status).json({ error });
}

/** The body, read as it arrives and refused as soon as it passes `max` bytes: never more than `max` held. */
async function readCapped(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new UploadTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * SOC-6: `POST /uploads` takes an image as raw bytes (never base64 in a GraphQL body), with
 * `Content-Type`, `X-File-Name` and a user's bearer token with the Social app; at most
 * UPLOAD_MAX_BYTES (a larger body is refused with 413 as soon as it passes the limit). Answers
 * 201 `{ uploadId, size, contentType }`; the upload is its uploader's, and is deleted when nothing
 * used it within UPLOAD_UNUSED_TTL_HOURS.
 */
export function mountUploads(app: Express, deps: ModuleDeps) {
  const { maxBytes, unusedTtlMs } = deps.config.uploads;
  app.post("/uploads", async (req: Request, res: Response) => {
    try {
      const auth = await authenticate(deps, req.headers.authorization);
      if (!auth) throw new AppError("UNAUTHENTICATED", "A valid API token is required");
      const viewer = requireSocial({ viewer: auth.viewer ?? null, integration: auth.integration ?? null });
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!CONTENT_TYPE.test(contentType)) throw new AppError("BAD_USER_INPUT", "Send the file's type as Content-Type", { field: "Content-Type" });
      const rawName = req.headers["x-file-name"];
      const fileName = typeof rawName === "string" ? decodeURIComponent(rawName).trim() : "";
      if (!fileName || fileName.length > 255 || /[\\/\u0000-\u001f]/.test(fileName)) {
        throw new AppError("BAD_USER_INPUT", "Send the file's name (1 to 255 characters, no slashes) as X-File-Name", { field: "X-File-Name" });
      }
      const declared = Number(req.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) throw new UploadTooLarge();
      const data = await readCapped(req, maxBytes);
      if (data.length === 0) throw new AppError("BAD_USER_INPUT", "The body is empty", { field: "body" });
      await repo.deleteExpiredUploads(deps.db);
      const row = await repo.insertUpload(deps.db, {
        orgId: viewer.orgId,
        userId: viewer.userId,
        contentType,
        fileName,
        size: data.length,
        data,
        expiresAt: new Date(Date.now() + unusedTtlMs),
      });
      res.status(201).json({ uploadId: encodeGlobalId("Upload", row.id), size: row.size, contentType: row.contentType });
    } catch (error) {
      if (error instanceof UploadTooLarge) {
        // Not read any further: the connection closes after the answer.
        res.setHeader("Connection", "close");
        reply(res, 413, { code: "LIMIT_EXCEEDED", field: "body", message: `An upload may be at most ${maxBytes} bytes`, limit: maxBytes });
        req.unpipe();
        req.resume();
        return;
      }
      if (error instanceof AppError) return reply(res, STATUS[error.code] ?? 400, { code: error.code, field: error.field, message: error.message });
      deps.log.error({ err: error }, "upload failed");
      reply(res, 500, { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
    }
  });
}
