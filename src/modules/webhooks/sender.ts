import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { addressProblem, guardedLookup, hostOf, type AddressPolicy } from "./ssrf.js";

/** How much of an answer is read (and kept, in part, as the error): receivers need not say much. */
const MAX_RESPONSE_BYTES = 4096;
const KEPT_ERROR_CHARS = 500;

export interface SendOutcome {
  /** 2xx. */
  ok: boolean;
  /** A failure worth retrying (HOOK-4): a timeout, a network error, 5xx, 408 or 429. */
  retriable: boolean;
  statusCode: number | null;
  error: string | null;
}

/** The Standard Webhooks signature header: one `v1,<base64>` per valid secret (old and new while rotating). */
export function signatureHeader(secrets: string[], eventId: string, at: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(eventId, at, body)).join(" ");
}

/**
 * HOOK-7, HOOK-8: one signed POST. Connects only to addresses allowed by `policy` (checked on the
 * resolved address the socket uses), follows no redirect, reads at most MAX_RESPONSE_BYTES of the
 * answer, and gives up after `timeoutMs` in all.
 */
export async function sendWebhook(args: {
  url: string;
  eventId: string;
  body: string;
  secrets: string[];
  timeoutMs: number;
  policy: AddressPolicy;
  userAgent?: string;
}): Promise<SendOutcome> {
  const url = new URL(args.url);
  if (url.protocol === "http:" && args.policy.httpsOnly) return { ok: false, retriable: false, statusCode: null, error: "refused: not an https URL" };
  const host = hostOf(url);
  if (isIP(host)) {
    const problem = addressProblem(host, args.policy);
    if (problem) return { ok: false, retriable: false, statusCode: null, error: `refused: ${problem}` };
  }
  const now = new Date();
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(args.body)),
    "user-agent": args.userAgent ?? "crm-graph-webhooks/1",
    "webhook-id": args.eventId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatureHeader(args.secrets, args.eventId, now, args.body),
  };
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request(url, {
      method: "POST",
      headers,
      // A fresh connection each time, resolved through the guard: no pooled socket to another address.
      agent: false,
      lookup: guardedLookup(args.policy),
    });
    const timer = setTimeout(
      () => finish({ ok: false, retriable: true, statusCode: null, error: `timed out after ${args.timeoutMs} ms` }),
      args.timeoutMs,
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      const refused = error.code === "EADDRNOTALLOWED";
      finish({ ok: false, retriable: !refused, statusCode: null, error: `${refused ? "" : "network error: "}${error.message}`.slice(0, KEPT_ERROR_CHARS) });
    });
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).toString("utf8").slice(0, KEPT_ERROR_CHARS);
        if (status >= 200 && status < 300) return finish({ ok: true, retriable: false, statusCode: status, error: null });
        const retriable = status >= 500 || status === 408 || status === 429;
        const what = status >= 300 && status < 400 ? `redirect to ${res.headers.location ?? "?"} not followed` : `HTTP ${status}`;
        finish({ ok: false, retriable, statusCode: status, error: text ? `${what}: ${text}` : what });
      };
      res.on("data", (chunk: Buffer) => {
        if (size >= MAX_RESPONSE_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
        // Enough read: the rest of a large answer is not waited for.
        if (size >= MAX_RESPONSE_BYTES) done();
      });
      res.on("end", done);
      res.on("error", (error) => finish({ ok: false, retriable: true, statusCode: status, error: `network error: ${error.message}` }));
    });
    req.end(args.body);
  });
}
