import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../src/db/client.js";
import { startServer } from "./helpers/server.js";

describe("database timeouts", () => {
  it("sets statement_timeout and idle_in_transaction_session_timeout on every connection", async () => {
    const server = await startServer({ DATABASE_STATEMENT_TIMEOUT_MS: "300", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "4000" });
    try {
      const db = server.app.database.db;
      const [row] = await queryRows<{ s: string; i: string }>(
        db,
        sql`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`,
      );
      expect(row).toEqual({ s: "300ms", i: "4s" });
      if (server.target === "postgres") {
        // A statement running past the timeout is cancelled by the server.
        const error = await queryRows(db, sql`select pg_sleep(2)`).catch((e: Error & { cause?: Error }) => e);
        expect(String((error as Error & { cause?: Error }).cause?.message)).toMatch(/statement timeout/);
      }
    } finally {
      await server.stop();
    }
  });
});
