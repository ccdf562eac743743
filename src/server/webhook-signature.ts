import { isUtf8 } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type RawBodyRequest = IncomingMessage & { rawBody?: Buffer };

/** The body parser's error `type` for a body that is not valid UTF-8. */
export const NOT_UTF8 = "entity.not.utf8";

/**
 * express.json's `verify` hook, run on the bytes before they are decoded: refuses a body that is
 * not valid UTF-8 (the decoder would silently store U+FFFD in place of the client's bytes), and
 * keeps the bytes as sent, which is what a signature covers.
 */
export const keepRawBody = (req: IncomingMessage, _res: unknown, buf: Buffer) => {
  if (!isUtf8(buf)) throw Object.assign(new Error("The request body is not valid UTF-8"), { status: 400, type: NOT_UTF8 });
  (req as RawBodyRequest).rawBody = buf;
};

/** `X-CRM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (several v1 allowed while rotating). */
export const SIGNATURE_HEADER = "x-crm-signature";
/** How far the signed timestamp may be from the server's clock: replays older than this fail. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const digest = (secret: string, timestamp: string, body: Buffer) => createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();

/** The header value for a body, as an integrator computes it. */
export function signBody(secret: string, body: Buffer | string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${digest(secret, String(timestamp), Buffer.from(body)).toString("hex")}`;
}

/**
 * For a request made with an integration key that requires signed pushes: what is wrong with its
 * signature, or null (also when the caller needs none). The same on the webhook and on /graphql.
 */
export function requestSignatureProblem(auth: { integration?: { signingSecret?: string | null } | null } | null, req: RawBodyRequest): string | null {
  const secret = auth?.integration?.signingSecret;
  if (!secret) return null;
  const header = req.headers[SIGNATURE_HEADER];
  return signatureProblem(secret, typeof header === "string" ? header : undefined, req.rawBody ?? Buffer.alloc(0));
}

/** Null when the header signs `body` with `secret` within the time window; otherwise what is wrong. */
export function signatureProblem(secret: string, header: string | undefined, body: Buffer, nowSeconds = Date.now() / 1000): string | null {
  if (!header) return `The ${SIGNATURE_HEADER} header is required for this integration key`;
  const parts = header.split(",").map((p) => p.trim().split("="));
  const timestamp = parts.find(([k]) => k === "t")?.[1];
  const signatures = parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v!);
  if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0) return `The ${SIGNATURE_HEADER} header must be t=<unix seconds>,v1=<hex>`;
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    return `The signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server's clock`;
  }
  const expected = digest(secret, timestamp, body);
  const matches = signatures.some((hex) => {
    const given = Buffer.from(hex, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? null : "The signature does not match the body";
}
