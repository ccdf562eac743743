import "reflect-metadata";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseCommandLine } from "./cli/args.js";
import { ConfigError, loadConfig, type Config } from "./config/config.js";
import { DataDirLockedError } from "./db/data-dir-lock.js";

const COMMAND = {
  usage: "node dist/main.js [flags]   (npm start builds first; npm run dev adds --memory)",
  description:
    "Starts the CRM graph: GraphQL over HTTP and WebSocket on /graphql, the explorer in a browser, webhooks.\n" +
    "Without DATABASE_URL it runs embedded (PGlite under DATA_DIR, demo data seeded on first start).",
  flags: {
    memory: { type: "boolean", description: "Embedded database in memory: nothing kept, demo data seeded on every start" },
  },
  epilogue:
    "Settings come from the environment, for example PORT (4000), HOST, DATABASE_URL, REDIS_URL, DATA_DIR (.data),\n" +
    "BOOTSTRAP_SECRET, SEED_DEMO, EXPLORER (on|off), CORS_ORIGINS, LOG_LEVEL, NODE_ENV; README.md lists them all.",
} as const;

/** Drain within this long on SIGTERM, then exit regardless. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main() {
  const flags = parseCommandLine(COMMAND);
  let config: Config;
  try {
    config = loadConfig(process.env, flags.memory ? ["--memory"] : []);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // Loaded after the flags are read: --help and a bad flag answer at once.
  const [{ ensureDemo }, { createApp }, { createLogger }] = await Promise.all([import("./seed/seed.js"), import("./server/app.js"), import("./server/logger.js")]);
  const log = createLogger(config);
  const where = config.database.kind === "pglite" ? (config.database.dataDir ? `embedded PostgreSQL in ${config.database.dataDir}/` : "embedded PostgreSQL in memory") : "PostgreSQL";
  process.stderr.write(`Starting: ${where}, applying migrations…\n`);
  const app = await createApp(config, { log });
  const dataDir = config.database.kind === "pglite" ? config.database.dataDir : config.dataDir;
  if (config.seedDemo && !demoSeeded(dataDir)) process.stderr.write("Seeding the demo organisation (first start only)…\n");
  const demo = config.seedDemo ? await ensureDemo(app.database.db, dataDir) : null;
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

/** Whether an earlier start already seeded the demo org into this data directory. */
function demoSeeded(dataDir: string | null): boolean {
  return dataDir !== null && existsSync(join(dataDir, "demo.json"));
}

main().catch((error) => {
  // A second process on the embedded database is refused with a message, not a stack.
  console.error(error instanceof DataDirLockedError ? error.message : error);
  process.exit(1);
});
