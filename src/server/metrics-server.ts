import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import type { Metrics } from "../telemetry/metrics.js";

/** METRICS_PORT: the metrics on a listener of their own, for a network only the scraper reaches. */
export function createMetricsServer(metrics: Metrics, log: Logger): Server {
  return createServer((req, res) => {
    if ((req.url ?? "").split("?")[0] !== "/metrics") return void res.writeHead(404).end();
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(text),
      (error: unknown) => {
        log.error({ err: error }, "metrics collection failed");
        res.writeHead(500).end();
      },
    );
  });
}
