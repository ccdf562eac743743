import { existsSync } from "node:fs";
import { z } from "zod";

/** The environment parsed once into a typed, nested config. Nothing else reads process.env. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  DATA_DIR: z.string().min(1).default(".data"),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  BOOTSTRAP_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(50 * 1024 * 1024).default(512 * 1024),
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(8),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(1000),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(5000),
  GRAPHQL_INTROSPECTION: z.enum(["true", "false"]).optional(),
  WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).default(50),
  WS_SUBSCRIBE_RATE: z.coerce.number().int().min(1).default(100),
  WS_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  WS_KEEPALIVE_MS: z.coerce.number().int().min(0).default(12_000),
  CORS_ORIGINS: z.string().optional(),
  /** Deprecated alias of CORS_ORIGINS (it used to guard the WebSocket alone). */
  ALLOWED_ORIGINS: z.string().optional(),
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(60_000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default("crm-rl"),
  TRUST_PROXY: z.string().min(1).optional(),
  AUTH_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  TIMELINE_AVERAGES_CHECK_SECONDS: z.coerce.number().int().min(0).default(3600),
  TIMELINE_AVERAGES_MAX_AGE_HOURS: z.coerce.number().positive().default(168),
  STREAM_CHECK_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("crm-graph"),
  EXPLORER: z.enum(["on", "off"]).optional(),
  TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(1024 * 1024 * 1024).default(40 * 1024 * 1024),
  UPLOAD_UNUSED_TTL_HOURS: z.coerce.number().positive().default(24),
  SOCIAL_CONNECTOR: z.enum(["local"]).default("local"),
  SOCIAL_TOP_DEALS_CHECK_SECONDS: z.coerce.number().int().min(0).default(3600),
  WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
  WEBHOOK_RETRY_FIRST_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  WEBHOOK_RETRY_HOURS: z.coerce.number().positive().max(24 * 14).default(26),
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().default(72),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  WEBHOOK_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  WEBHOOK_QUEUE_POOL_MAX: z.coerce.number().int().min(1).max(50).default(4),
  WEBHOOK_QUEUE: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, "letters, digits, _ . - (at most 60)").default("webhook-delivery"),
});

/** The operation policy, the same on HTTP and WebSocket (src/server/limits.ts). */
export interface OperationLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  cost: number;
  introspection: boolean;
  /** The largest `first` a connection serves; a larger one is the argument's error, priced at this. */
  maxPageSize: number;
}

/** Cost points per caller per window (src/server/rate-limit.ts). */
export interface RateLimitConfig {
  /** Cost points each caller may spend per window. */
  points: number;
  windowSeconds: number;
  keyPrefix: string;
}

/** Per-connection PostgreSQL timeouts in milliseconds (0: none); PostgreSQL only, not PGlite. */
export interface DatabaseTimeouts {
  statementMs: number;
  idleInTransactionMs: number;
}

export type DatabaseConfig =
  | { kind: "pglite"; /** null: in memory */ dataDir: string | null; timeouts: DatabaseTimeouts }
  | { kind: "postgres"; url: string; poolMax: number; timeouts: DatabaseTimeouts };

export interface Config {
  env: "development" | "production" | "test";
  /** trustProxy: Express's "trust proxy" (hops, subnets or names), so anonymous callers are told apart by X-Forwarded-For behind a load balancer. */
  server: { host: string; port: number; bodyLimitBytes: number; trustProxy: string | number | boolean | null };
  database: DatabaseConfig;
  /** null: in-process pub/sub (single instance). */
  redis: { url: string } | null;
  /** null: generated and stored under DATA_DIR in embedded mode, bootstrap disabled in server mode. */
  bootstrapSecret: string | null;
  dataDir: string;
  seedDemo: boolean;
  logLevel: string;
  /** The operation limits, the same on HTTP and WebSocket. */
  limits: OperationLimits & { attachmentMaxBytes: number; maxPageSize: number; defaultPageSize: number };
  /**
   * WebSocket budgets: largest frame, concurrent operations and subscribe messages per 10 s per
   * connection, time to send connection_init, ping interval (0: none), and the Origins allowed
   * to connect (null: any).
   */
  ws: { maxPayloadBytes: number; maxSubscriptions: number; subscribesPer10s: number; initTimeoutMs: number; keepAliveMs: number };
  /**
   * The browser origins that may call `/graphql` from another origin, over HTTP (CORS) and
   * WebSocket (the upgrade's Origin) alike: exact origins, `scheme://host:*` for any port, or
   * `*`. The server's own origin and clients sending no Origin always pass.
   */
  cors: { origins: string[] };
  /** Cost points per caller per window, shared by the instances through Redis when configured. */
  rateLimit: RateLimitConfig;
  /** TL-9: how often each instance looks for stale module averages (0: never), and how old they may get. */
  timelineAverages: { checkEveryMs: number; maxAgeMs: number };
  /**
   * Live streams: how often (±20%) each instance checks PostgreSQL for rows its streams have not
   * read, in case a pub/sub message was lost (0: never); the bound on /readyz's checks.
   */
  streams: { checkEveryMs: number };
  readyTimeoutMs: number;
  /** How long an authentication is kept at most (0: read on every request); access changes drop it at once anyway. */
  authCacheMs: number;
  /**
   * /metrics: on the main port, open outside production when no token is set, else behind the
   * token; or, with a port, on a listener of its own (no token there).
   */
  metrics: { token: string | null; port: number | null; open: boolean };
  /** OpenTelemetry traces to an OTLP/HTTP collector; null: off. */
  tracing: { endpoint: string; serviceName: string } | null;
  /** The in-browser explorer (GraphiQL) on `GET /graphql`: on by default outside production. */
  explorer: { enabled: boolean };
  /**
   * The manifest of trusted documents (id → text, as codegen emits it): with it, user tokens may
   * run only those operations. Null: any operation.
   */
  trustedDocuments: { manifestPath: string } | null;
  /** Adds `extensions.sqlStatements` to responses; for tests, never in production. */
  exposeStatementCount: boolean;
  /** POST /uploads: the largest body, and how long an upload nothing used is kept. */
  uploads: { maxBytes: number; unusedTtlMs: number };
  /**
   * The social tab: the connector publishing posts (`local` records them here, for offline use),
   * how often each instance looks for top-10-deal snapshots older than a day (0: never).
   */
  social: { connector: "local"; topDealsCheckEveryMs: number };
  /** Outbound webhooks (HOOK-1..9): see the README's "Outbound webhooks". */
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** WEBHOOK_ALLOW_PRIVATE: http and private, loopback and link-local addresses allowed (tests, on-premise receivers). */
  allowPrivate: boolean;
  /** Only https endpoints (production, unless allowPrivate). */
  httpsOnly: boolean;
  /** The retry schedule: the first delay, doubling with jitter up to the largest, for at least `retryForSeconds`. */
  retry: { firstDelaySeconds: number; maxDelaySeconds: number; retryForSeconds: number };
  /** An endpoint failing (no success) for this long is disabled. */
  disableAfterMs: number;
  /** Per request: connect, send and read the answer. */
  timeoutMs: number;
  /** How long a delivery stays with the instance working it before another may take it (a crash, a SIGTERM). */
  leaseSeconds: number;
  /** Deliveries worked at once per instance, and how often an idle instance looks for due ones. */
  concurrency: number;
  pollSeconds: number;
  /** Events (and their deliveries' log) older than this are pruned. */
  eventRetentionMs: number;
  /** The queue's own PostgreSQL connections per instance (server mode). */
  queuePoolMax: number;
  /** The pg-boss queue the deliveries go through: every instance of one deployment uses the same one. */
  queueName: string;
}

/** TRUST_PROXY as Express takes it: true/false, a number of hops, or addresses, subnets and names. */
function parseTrustProxy(value: string | undefined): string | number | boolean | null {
  if (value === undefined) return null;
  if (value === "true" || value === "false") return value === "true";
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Any port of the loopback names: the embedded default, for front ends on a dev server. */
export const LOCALHOST_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];

/** CORS_ORIGINS (or its old name ALLOWED_ORIGINS) as a list, each entry checked. */
function parseOrigins(value: string, variable: string): { origins: string[]; issues: string[] } {
  const origins = value.split(",").map((o) => o.trim()).filter(Boolean);
  const issues: string[] = [];
  for (const origin of origins) {
    if (origin === "*") continue;
    const withoutWildcard = origin.endsWith(":*") ? origin.slice(0, -2) : origin;
    let ok = false;
    try {
      const url = new URL(withoutWildcard);
      ok = (url.protocol === "http:" || url.protocol === "https:") && url.origin === withoutWildcard;
    } catch {
      ok = false;
    }
    if (!ok) issues.push(`${variable}: "${origin}" is not an origin (scheme://host[:port], scheme://host:* or *)`);
  }
  return { origins, issues };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
  }
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: string[] = process.argv.slice(2),
): Config {
  // A variable set to the empty string (`DATABASE_URL=` in a .env or compose file) means unset.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const issues: string[] = [];
  if (e.CORS_ORIGINS !== undefined && e.ALLOWED_ORIGINS !== undefined) {
    issues.push("ALLOWED_ORIGINS: deprecated alias of CORS_ORIGINS; set CORS_ORIGINS only");
  }
  const originsVariable = e.CORS_ORIGINS !== undefined ? "CORS_ORIGINS" : "ALLOWED_ORIGINS";
  const originsValue = e.CORS_ORIGINS ?? e.ALLOWED_ORIGINS;
  const listed = originsValue === undefined ? null : parseOrigins(originsValue, originsVariable);
  issues.push(...(listed?.issues ?? []));
  if (e.TRUSTED_DOCUMENTS !== undefined && !existsSync(e.TRUSTED_DOCUMENTS)) issues.push(`TRUSTED_DOCUMENTS: no file at ${e.TRUSTED_DOCUMENTS}`);
  if (e.WEBHOOK_RETRY_MAX_DELAY_SECONDS < e.WEBHOOK_RETRY_FIRST_DELAY_SECONDS) issues.push("WEBHOOK_RETRY_MAX_DELAY_SECONDS: must be at least WEBHOOK_RETRY_FIRST_DELAY_SECONDS");
  if (e.WEBHOOK_LEASE_SECONDS * 1000 <= e.WEBHOOK_TIMEOUT_MS) issues.push("WEBHOOK_LEASE_SECONDS: must be longer than WEBHOOK_TIMEOUT_MS");
  if (e.WEBHOOK_EVENT_RETENTION_DAYS * 24 < e.WEBHOOK_RETRY_HOURS) issues.push("WEBHOOK_EVENT_RETENTION_DAYS: must outlast WEBHOOK_RETRY_HOURS");
  if (issues.length) throw new ConfigError(issues);
  const memory = argv.includes("--memory");
  const timeouts = { statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS, idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS };
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, timeouts }
    : { kind: "pglite", dataDir: memory ? null : e.DATA_DIR, timeouts };
  return {
    env: e.NODE_ENV,
    server: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
    },
    database,
    redis: e.REDIS_URL ? { url: e.REDIS_URL } : null,
    bootstrapSecret: e.BOOTSTRAP_SECRET ?? null,
    dataDir: e.DATA_DIR,
    // Never by default in production: an embedded start there (DATABASE_URL left empty) must not
    // print a demo token.
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === "true" : database.kind === "pglite" && e.NODE_ENV !== "production",
    logLevel: e.LOG_LEVEL,
    limits: {
      attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
      maxPageSize: 100,
      defaultPageSize: 20,
      depth: e.GRAPHQL_MAX_DEPTH,
      aliases: e.GRAPHQL_MAX_ALIASES,
      directives: e.GRAPHQL_MAX_DIRECTIVES,
      tokens: e.GRAPHQL_MAX_TOKENS,
      cost: e.GRAPHQL_MAX_COST,
      introspection: e.GRAPHQL_INTROSPECTION ? e.GRAPHQL_INTROSPECTION === "true" : e.NODE_ENV !== "production",
    },
    ws: {
      maxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
      maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
      subscribesPer10s: e.WS_SUBSCRIBE_RATE,
      initTimeoutMs: e.WS_INIT_TIMEOUT_MS,
      keepAliveMs: e.WS_KEEPALIVE_MS,
    },
    // Unset: none in production and in server mode; any localhost port in embedded mode.
    cors: { origins: listed?.origins ?? (e.NODE_ENV !== "production" && database.kind === "pglite" ? LOCALHOST_ORIGINS : []) },
    rateLimit: { points: e.RATE_LIMIT_POINTS, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS, keyPrefix: e.RATE_LIMIT_KEY_PREFIX },
    timelineAverages: { checkEveryMs: e.TIMELINE_AVERAGES_CHECK_SECONDS * 1000, maxAgeMs: e.TIMELINE_AVERAGES_MAX_AGE_HOURS * 3_600_000 },
    streams: { checkEveryMs: e.STREAM_CHECK_SECONDS * 1000 },
    metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null, open: !e.METRICS_TOKEN && e.NODE_ENV !== "production" },
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME } : null,
    readyTimeoutMs: e.READY_TIMEOUT_MS,
    authCacheMs: e.AUTH_CACHE_SECONDS * 1000,
    explorer: { enabled: e.EXPLORER ? e.EXPLORER === "on" : e.NODE_ENV !== "production" },
    trustedDocuments: e.TRUSTED_DOCUMENTS ? { manifestPath: e.TRUSTED_DOCUMENTS } : null,
    exposeStatementCount: false,
    uploads: { maxBytes: e.UPLOAD_MAX_BYTES, unusedTtlMs: e.UPLOAD_UNUSED_TTL_HOURS * 3_600_000 },
    social: { connector: e.SOCIAL_CONNECTOR, topDealsCheckEveryMs: e.SOCIAL_TOP_DEALS_CHECK_SECONDS * 1000 },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "true",
      httpsOnly: e.NODE_ENV === "production" && e.WEBHOOK_ALLOW_PRIVATE !== "true",
      retry: { firstDelaySeconds: e.WEBHOOK_RETRY_FIRST_DELAY_SECONDS, maxDelaySeconds: e.WEBHOOK_RETRY_MAX_DELAY_SECONDS, retryForSeconds: e.WEBHOOK_RETRY_HOURS * 3600 },
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      leaseSeconds: e.WEBHOOK_LEASE_SECONDS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      pollSeconds: e.WEBHOOK_POLL_SECONDS,
      eventRetentionMs: e.WEBHOOK_EVENT_RETENTION_DAYS * 86_400_000,
      queuePoolMax: e.WEBHOOK_QUEUE_POOL_MAX,
      queueName: e.WEBHOOK_QUEUE,
    },
  };
}
