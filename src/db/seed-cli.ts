import "reflect-metadata";
import { loadConfig } from "../config/config.js";
import { createDatabase } from "./client.js";
import { seedDemo } from "./seed.js";

/** `npm run seed`: adds a demo org to the configured database and prints its admin token. */
const config = loadConfig();
const database = await createDatabase(config.database);
await database.migrate();
const { orgId, token } = await seedDemo(database.db);
console.log(`Seeded demo organisation ${orgId}`);
console.log(`API token: ${token}`);
await database.close();
