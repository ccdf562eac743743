import "reflect-metadata";
import { parseCommandLine } from "../cli/args.js";

/** `npm run seed`: adds a demo org to the configured database and prints its admin token. */
parseCommandLine({
  usage: "npm run seed   (node dist/seed/seed-cli.js [flags])",
  description:
    "Adds a demo organisation (an admin, four users, leads, contacts, accounts, deals, tasks, notes and timelines)\n" +
    "to the configured database (DATABASE_URL, or the embedded one under DATA_DIR) and prints its admin's API token\n" +
    "and an integration key. Each run adds another demo organisation. It refuses to write to an embedded database\n" +
    "that a running server owns.",
  flags: {},
} as const);
// Loaded after the flags are read: --help and a bad flag answer at once.
const [{ loadConfig }, { createDatabase }, { DataDirLockedError }, { seedDemo }] = await Promise.all([
  import("../config/config.js"),
  import("../db/client.js"),
  import("../db/data-dir-lock.js"),
  import("./seed.js"),
]);
const config = loadConfig(process.env, []);
let database: Awaited<ReturnType<typeof createDatabase>>;
try {
  database = await createDatabase(config.database);
} catch (error) {
  // A running `npm start` owns the embedded database: writing beside it would be lost.
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(`${error.message}\nNothing was seeded. Stop the server and run the seed again.`);
  process.exit(1);
}
await database.migrate();
const { orgId, token, integrationKey } = await seedDemo(database.db);
console.log(`Seeded demo organisation ${orgId}`);
console.log(`API token: ${token}`);
console.log(`Integration key: ${integrationKey}`);
await database.close();
