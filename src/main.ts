import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "./config/config.js";
import { ensureDemo } from "./db/seed.js";
import { createApp, createLogger } from "./server/app.js";

/** Drain within this long on SIGTERM, then exit regardless. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config);
  const app = await createApp(config, { log });
  const demo =
    config.seedDemo
      ? await ensureDemo(app.database.db, config.database.kind === "pglite" ? config.database.dataDir : config.dataDir)
      : null;
  const port = await app.listen();
  const host = config.server.host === "0.0.0.0" || config.server.host === "::" ? "localhost" : config.server.host;
  const lines = [`GraphQL: http://${host}:${port}/graphql`, `Subscriptions: ws://${host}:${port}/graphql`];
  if (app.explorer) lines.push(`Explorer: http://${host}:${port}/graphql (open it in a browser)`);
  // The explorer's header editors carry the demo credentials in embedded demo mode, never in production.
  if (demo && config.database.kind === "pglite" && config.env !== "production") app.explorer?.setDemo(demo);
  if (demo) lines.push(`API token: ${demo.token}`, `Integration key: ${demo.integrationKey}`);
  if (app.deps.bootstrapSecret && config.database.kind === "pglite") lines.push(`Bootstrap secret: ${app.deps.bootstrapSecret}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  log.info({ port, database: config.database.kind, pubsub: config.redis ? "redis" : "local" }, "listening");

  const shutdown = (signal: string) => {
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      log.error("shutdown timed out");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
