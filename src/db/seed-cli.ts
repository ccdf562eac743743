import "reflect-metadata";
import { parseCommandLine } from "../cli/args.js";

/** `npm run seed`: adds a demo org to the configured database and prints its admin token. */
parseCommandLine({
  usage: "npm run seed   (node dist/db/seed-cli.js [flags])",
  description:
    "Adds a demo organisation (an admin, four users, leads, contacts, accounts, deals, tasks, notes and timelines)\n" +
    "to the configured database (DATABASE_URL, or the embedded one under DATA_DIR) and prints its admin's API token\n" +
    "and an integration key. Each run adds another demo organisation.",
  flags: {},
} as const);
// Loaded after the flags are read: --help and a bad flag answer at once.
const [{ loadConfig }, { createDatabase }, { seedDemo }] = await Promise.all([import("../config/config.js"), import("./client.js"), import("./seed.js")]);
const config = loadConfig(process.env, []);
const database = await createDatabase(config.database);
await database.migrate();
const { orgId, token, integrationKey } = await seedDemo(database.db);
console.log(`Seeded demo organisation ${orgId}`);
console.log(`API token: ${token}`);
console.log(`Integration key: ${integrationKey}`);
await database.close();
