import { hostname } from "node:os";
import { lookup } from "node:dns/promises";
import { afterAll, beforeAll, describe, test as base } from "vitest";
import { sendWebhook } from "../src/modules/webhooks/sender.js";
import { urlProblem } from "../src/modules/webhooks/ssrf.js";
import { createOrg, expectError } from "./helpers/fixtures.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";
import { startServer, type TestServer } from "./helpers/server.js";

const test = base.extend<{ receiver: Receiver }>({
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const receiver = await startReceiver();
    await use(receiver);
    await receiver.close();
  },
});

/** A server as production runs it as far as addresses go: private addresses not allowed. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE: "false" });
});
afterAll(() => server?.stop());

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;

describe.concurrent("SSRF guard (HOOK-8)", () => {
  test("private, loopback, link-local and metadata addresses are refused at registration", async ({ expect }) => {
    const org = await createOrg(server);
    const urls = [
      "http://127.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:8080/hook",
      "http://10.1.2.3/hook",
      "http://192.168.0.10/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://0x7f000001/hook",
      // A name: refused once it resolves (to 127.0.0.1 or ::1).
      "http://localhost:9/hook",
    ];
    const self = hostname();
    if ((await lookup(self).catch(() => null))?.address.startsWith("127.")) urls.push(`http://${self}:9/hook`);
    for (const url of urls) {
      const error = expectError(await server.gql(org.adminToken, CREATE, { input: { url, events: ["LEAD_CREATED"] } }), "BAD_USER_INPUT", "input.url");
      expect(error.message, url).toMatch(/may not point at/);
    }
    expect((await server.gql(org.adminToken, `{ webhooks { id } }`)).data!.webhooks).toEqual([]);
  });

  test("in production only https is accepted", ({ expect }) => {
    const production = { allowPrivate: false, httpsOnly: true };
    expect(urlProblem("http://example.com/hook", production)).toBe("must be an https URL");
    expect(urlProblem("https://example.com/hook", production)).toBeNull();
    expect(urlProblem("http://example.com/hook", { allowPrivate: false, httpsOnly: false })).toBeNull();
  });

  test("at delivery, a name that now resolves to a loopback address is not connected to", async ({ receiver, expect }) => {
    const policy = { allowPrivate: false, httpsOnly: false };
    const send = (url: string) =>
      sendWebhook({ url, eventId: "msg_1", body: "{}", secrets: [`whsec_${Buffer.alloc(32, 7).toString("base64")}`], timeoutMs: 2000, policy });
    const byName = await send(`http://localhost:${receiver.port}/hooks`);
    expect(byName).toMatchObject({ ok: false, retriable: false, statusCode: null });
    expect(byName.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address/);
    const byAddress = await send(`http://127.0.0.1:${receiver.port}/hooks`);
    expect(byAddress).toMatchObject({ ok: false, retriable: false, error: "refused: 127.0.0.1 is a loopback address" });
    expect(receiver.requests).toHaveLength(0);
    // Allowed by configuration, the same request goes through, and redirects are not followed.
    receiver.react = () => ({ status: 302 });
    const allowed = await sendWebhook({ url: receiver.url, eventId: "msg_1", body: "{}", secrets: [`whsec_${Buffer.alloc(32, 7).toString("base64")}`], timeoutMs: 2000, policy: { allowPrivate: true, httpsOnly: false } });
    expect(allowed).toMatchObject({ ok: false, retriable: false, statusCode: 302 });
    expect(receiver.requests).toHaveLength(1);
  });
});
