import type { Request, RequestHandler } from "express";

/**
 * Whether a browser page of `origin` may call us: `*` allows any; an entry ending in `:*`
 * (`http://localhost:*`) allows that scheme and host on any port; other entries match exactly.
 */
export function originAllowed(origins: readonly string[], origin: string): boolean {
  for (const rule of origins) {
    if (rule === "*" || rule === origin) return true;
    if (rule.endsWith(":*")) {
      const prefix = rule.slice(0, -1); // "http://localhost:"
      const port = origin.slice(prefix.length);
      if (origin.startsWith(prefix) && /^\d{1,5}$/.test(port)) return true;
      if (origin === rule.slice(0, -2)) return true; // the default port
    }
  }
  return false;
}

/** A request from a page of this very server (the explorer), whatever the allow-list says. */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** An Origin header we accept, for HTTP and for the WebSocket upgrade alike. */
export function acceptsOrigin(origins: readonly string[], req: Pick<Request, "headers">): boolean {
  const origin = req.headers.origin;
  return origin === undefined || sameOrigin(origin, req.headers.host) || originAllowed(origins, origin);
}

/**
 * CORS for the allow-list: allowed origins get their own origin back (never `*` with
 * credentials: credentials are off, tokens travel in the Authorization header), a preflight is
 * cached by the browser for `maxAgeSeconds`, and a preflight from another origin is refused
 * with 403. Apollo's CSRF prevention still applies to what gets through.
 */
export function corsMiddleware(origins: readonly string[], maxAgeSeconds = 600): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    const allowed = !sameOrigin(origin, req.headers.host) && originAllowed(origins, origin);
    res.vary("Origin");
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (!allowed) {
      if (!preflight) return next();
      res.status(sameOrigin(origin, req.headers.host) ? 204 : 403);
      if (res.statusCode === 403) res.json({ errors: [{ message: `Origin ${origin} is not allowed (CORS_ORIGINS)`, extensions: { code: "FORBIDDEN" } }] });
      else res.end();
      return;
    }
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
    if (!preflight) return next();
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    const requested = req.headers["access-control-request-headers"];
    res.setHeader("Access-Control-Allow-Headers", typeof requested === "string" && requested ? requested : "authorization, content-type");
    res.setHeader("Access-Control-Max-Age", String(maxAgeSeconds));
    res.vary("Access-Control-Request-Headers");
    res.status(204).end();
  };
}
