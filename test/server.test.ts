import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { formatError } from "../src/server/errors.js";
import { createOrg } from "./helpers/fixtures.js";
import { startServer, wsRequest } from "./helpers/server.js";

describe("server lifecycle", () => {
  it("answers /healthz and /readyz with the database (and Redis when configured) checked", async () => {
    const server = await startServer();
    try {
      const base = server.url.replace(/\/graphql$/, "");
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: Record<string, boolean> };
      expect(body.checks.database).toBe(true);
      if (process.env.TEST_REDIS_URL && server.target === "postgres") expect(body.checks.redis).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it("closes WebSockets with 1001 when it stops", async () => {
    const server = await startServer();
    const org = await createOrg(server);
    const closed = new Promise<number>((resolve) => {
      const client = server.ws(org.adminToken, { onClose: resolve });
      void wsRequest(client, `{ me { id } }`).then(() => server.app.stop());
    });
    expect(await closed).toBe(1001);
    await server.stop();
  });
});

describe("error masking", () => {
  it("keeps client errors and masks everything else", () => {
    const client = new GraphQLError("bad", { extensions: { code: "BAD_USER_INPUT", field: "input.x" } });
    expect(formatError({ message: "bad", extensions: { code: "BAD_USER_INPUT", field: "input.x", stacktrace: ["at x"] } }, client)).toEqual({
      message: "bad",
      extensions: { code: "BAD_USER_INPUT", field: "input.x" },
    });
    const internal = new GraphQLError("relation \"users\" does not exist", { path: ["me"], originalError: new Error("relation \"users\" does not exist") });
    const masked = formatError({ message: internal.message, path: ["me"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, internal);
    expect(masked).toEqual({ message: "Internal server error", path: ["me"], locations: undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });

  it("names the field of a variable coercion error", () => {
    const message = 'Variable "$input" got invalid value { firstName: "A" }; Field "lastName" of required type "String!" was not provided.';
    const error = new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
    expect(formatError({ message, extensions: { code: "BAD_USER_INPUT" } }, error).extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.lastName" });
  });
});
