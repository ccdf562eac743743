import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Error codes a client can see (DESIGN: Errors); anything else is counted as OTHER. */
const CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "CONFLICT",
  "LIMIT_EXCEEDED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "INTERNAL_SERVER_ERROR",
]);
/** How many distinct operation names are labelled; later new names are counted as "other". */
const MAX_OPERATION_NAMES = 200;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The instance's Prometheus metrics (prom-client), in a registry of its own so that several apps
 * in one process (the tests) count apart. Every label value is bounded: operation names come from
 * documents and are capped in number, codes and routes come from fixed lists, never raw input.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operationNames = new Set<string>();
  const metrics = {
    registry,
    graphqlOperations: new Histogram({
      name: "crm_graphql_operation_duration_seconds",
      help: "GraphQL operations by name, type (query, mutation, subscription), transport and outcome (ok, error); a subscription's duration is its lifetime",
      labelNames: ["operation", "type", "transport", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: "crm_graphql_errors_total",
      help: "Errors returned to GraphQL clients, by extensions.code",
      labelNames: ["code"],
      registers: [registry],
    }),
    httpRequests: new Histogram({
      name: "crm_http_request_duration_seconds",
      help: "HTTP requests by route and status",
      labelNames: ["route", "method", "status"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    openWebSockets: new Gauge({ name: "crm_websockets_open", help: "Open WebSocket connections", registers: [registry] }),
    liveSubscriptions: new Gauge({
      name: "crm_subscriptions_live",
      help: "Live subscription streams on this instance, by kind",
      labelNames: ["kind"],
      registers: [registry],
    }),
    webhookAttempts: new Histogram({
      name: "crm_webhook_attempt_duration_seconds",
      help: "Webhook delivery attempts by outcome (succeeded, retrying, failed, refused)",
      labelNames: ["outcome"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    notificationsDelivered: new Counter({
      name: "crm_notifications_delivered_total",
      help: "Notifications pushed to subscribers",
      registers: [registry],
    }),
    deliveryLag: new Histogram({
      name: "crm_notification_delivery_lag_seconds",
      help: "From a notification's transaction to its push to a subscriber",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    signalsIngested: new Counter({
      name: "crm_signals_ingested_total",
      help: "Signals pushed by integrations, by source and outcome (stored, duplicate, rejected)",
      labelNames: ["source", "outcome"],
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: "crm_rate_limit_refusals_total",
      help: "Operations refused by the rate limit, by caller kind (token, key, address)",
      labelNames: ["caller"],
      registers: [registry],
    }),
    /** Bounded label values. */
    operationLabel(name: string | null | undefined): string {
      if (!name) return "anonymous";
      const clean = name.slice(0, 64);
      if (operationNames.has(clean)) return clean;
      if (operationNames.size >= MAX_OPERATION_NAMES || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(clean)) return "other";
      operationNames.add(clean);
      return clean;
    },
    codeLabel: (code: unknown): string => (typeof code === "string" && CODES.has(code) ? code : "OTHER"),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** What the gauges read at each scrape: the instance's live streams, Redis and database pool. */
export function observeSources(
  metrics: Metrics,
  sources: {
    liveStreams: () => Record<string, number>;
    redisConnected: (() => boolean) | null;
    database: () => Promise<{ poolMax: number; connections: Record<string, number> | null }>;
  },
) {
  const { registry } = metrics;
  const live = metrics.liveSubscriptions;
  // Read at scrape time; "notifications" and "timeline" are always reported, 0 when none is live.
  (live as unknown as { collect: () => void }).collect = () => {
    live.reset();
    for (const [kind, n] of Object.entries({ notifications: 0, timeline: 0, ...sources.liveStreams() })) live.set({ kind }, n);
  };
  if (sources.redisConnected) {
    const connected = sources.redisConnected;
    new Gauge({
      name: "crm_redis_connected",
      help: "1 while the pub/sub connections to Redis are up",
      registers: [registry],
      collect() {
        this.set(connected() ? 1 : 0);
      },
    });
  }
  const poolMax = new Gauge({ name: "crm_db_pool_max", help: "Database connections this instance may open", registers: [registry] });
  new Gauge({
    name: "crm_db_connections",
    help: "This instance's database connections by state (active: running a statement, idle, idle in transaction), from pg_stat_activity; PostgreSQL only",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const stats = await sources.database().catch(() => null);
      this.reset();
      if (!stats) return;
      poolMax.set(stats.poolMax);
      for (const [state, n] of Object.entries(stats.connections ?? {})) this.set({ state }, n);
    },
  });
}

const ROUTES = new Set(["/graphql", "/healthz", "/readyz", "/metrics", "/webhooks/signals"]);

/** The route label of a request path: a fixed list, never the path itself. */
export function routeOf(path: string): string {
  if (ROUTES.has(path)) return path;
  if (/^\/attachments\/[^/]+$/.test(path)) return "/attachments/:id";
  if (/^\/exports\/[^/]+$/.test(path)) return "/exports/:secret";
  return "other";
}
