import "reflect-metadata";
import { loadConfig } from "../config/config.js";
import { createDatabase, type Database } from "../db/client.js";
import { DataDirLockedError } from "../db/data-dir-lock.js";
import { seedDemo } from "./seed.js";

/** `npm run seed`: adds a demo org to the configured database and prints its admin token. */
const config = loadConfig();
let database: Database;
try {
  database = await createDatabase(config.database);
} catch (error) {
  // A running `npm start` owns the embedded database: writing beside it would be lost.
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(`${error.message}\nNothing was seeded. Stop the server and run the seed again.`);
  process.exit(1);
}
await database.migrate();
const { orgId, token } = await seedDemo(database.db);
console.log(`Seeded demo organisation ${orgId}`);
console.log(`API token: ${token}`);
await database.close();
