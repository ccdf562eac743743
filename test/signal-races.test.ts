import { describe, expect } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client.js";
import { INGEST, buildSignal, createIntegrationKey, createLead, createOrg, dbId, expectError } from "./helpers/fixtures.js";
import type { GraphQLResponse } from "./helpers/server.js";
import { test as it } from "./helpers/test.js";

// Races need two connections: PGlite has one, where transactions cannot interleave at all.
describe.skipIf(process.env.TEST_TARGET !== "postgres")("a signal racing its record's deletion", () => {
  it("waits for the deleting transaction, then is refused; nothing lands on the deleted record", async ({ server }) => {
    const org = await createOrg(server);
    const key = await createIntegrationKey(server, org);
    const lead = await createLead(server, org.adminToken);
    const leadId = dbId(lead.id);
    const db = server.app.database.db;
    const waitingOnLocks = async () =>
      (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0]!.n;

    let ingest!: Promise<GraphQLResponse>;
    await db.transaction(async (tx) => {
      // The deleting transaction holds the lead, as deleteLead and convertLead do.
      await queryRows(tx, sql`select id from leads where id = ${leadId} for update`);
      ingest = server.gql(key.key, INGEST, { input: buildSignal({ recordId: lead.id }) });
      await expect.poll(waitingOnLocks, { timeout: 10_000 }).toBeGreaterThan(0);
      await queryRows(tx, sql`delete from leads where id = ${leadId}`);
    });
    expectError(await ingest, "NOT_FOUND", "input.recordId");
    const [stored] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from interactions where record_id = ${leadId} and record_type = 'lead'`);
    expect(stored!.n).toBe(0);
  });
});
