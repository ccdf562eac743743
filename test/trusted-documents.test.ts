import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, GraphQLRequestError } from "../client/client.js";
import { ContactsPageDocument, NotificationAddedDocument } from "../client/generated/graphql.js";
import { canonicalDocument } from "../src/server/trusted-documents.js";
import { createOrg, ok, type TestOrg } from "./helpers/fixtures.js";
import { startServer, wsResult, type TestServer } from "./helpers/server.js";

const MANIFEST = "client/generated/persisted-documents.json";
const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, string>;
const contactsPageId = ContactsPageDocument.__meta__!.hash as string;
const UNTRUSTED = "{ me { id name } }";

describe("trusted documents (TRUSTED_DOCUMENTS)", () => {
  let server: TestServer;
  let org: TestOrg;
  let key: string;

  beforeAll(async () => {
    server = await startServer({ TRUSTED_DOCUMENTS: MANIFEST });
    org = await createOrg(server);
    // Setting up is not one of the client's documents: done from the explorer, as an admin would.
    key = (await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "crm-test") { key } }`, undefined, { "x-crm-explorer": "1" }))).createIntegrationKey.key;
  });
  afterAll(() => server?.stop());

  it("codegen's manifest names each client document by the sha256 of its text", () => {
    expect(manifest[contactsPageId]).toMatch(/^query ContactsPage\b/);
    for (const [id, text] of Object.entries(manifest)) expect(id).toBe(`sha256:${createHash("sha256").update(text).digest("hex")}`);
  });

  it("user tokens run a trusted document by hash and text (the typed client), by hash alone, or by the same text laid out differently", async () => {
    const page = await request({ url: server.url, token: org.adminToken }, ContactsPageDocument, { first: 2 });
    expect(page.me.name).toBe("Admin");
    const byId = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.adminToken}` },
      body: JSON.stringify({ documentId: contactsPageId, variables: { first: 1 } }),
    });
    expect(byId.status).toBe(200);
    expect(((await byId.json()) as { data: { me: { name: string } } }).data.me.name).toBe("Admin");
    // The manifest's own (reordered, one-line) text is the same document.
    const sameText = await server.gql(org.adminToken, manifest[contactsPageId]!, { first: 1 });
    expect(sameText.errors).toBeUndefined();
  });

  it("refuses any other operation from a user token with 403 OPERATION_NOT_TRUSTED, and nothing runs", async () => {
    const other = await server.gql(org.adminToken, UNTRUSTED);
    expect(other.status).toBe(403);
    expect(other.errors?.[0]?.extensions.code).toBe("OPERATION_NOT_TRUSTED");
    expect(other.data ?? null).toBeNull();
    const unknownId = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.adminToken}` },
      body: JSON.stringify({ documentId: "sha256:0000" }),
    });
    expect(unknownId.status).toBe(404);
    expect(((await unknownId.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("OPERATION_NOT_TRUSTED");
    // A trusted id with another text is refused: the id does not vouch for a different operation.
    const mismatch = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.adminToken}` },
      body: JSON.stringify({ query: UNTRUSTED, extensions: { documentId: contactsPageId } }),
    });
    expect(mismatch.status).toBe(403);
    await expect(request({ url: server.url, token: org.adminToken }, { toString: () => UNTRUSTED } as never)).rejects.toThrow(GraphQLRequestError);
  });

  it("does not hold integration keys or the explorer in development to the manifest", async () => {
    const asKey = await server.gql(key, `{ __typename }`);
    expect(asKey.errors).toBeUndefined();
    const explorer = await server.gql(org.adminToken, UNTRUSTED, undefined, { "x-crm-explorer": "1" });
    expect(explorer.errors).toBeUndefined();
    expect(explorer.data).toMatchObject({ me: { name: "Admin" } });
  });

  it("applies the same rule over WebSocket: a trusted subscription starts, another operation is refused and the socket stays open", async () => {
    const client = server.ws(org.adminToken);
    const refused = await wsResult(client, UNTRUSTED);
    expect(refused.errors?.[0]?.extensions.code).toBe("OPERATION_NOT_TRUSTED");
    // The client's subscription is accepted: it runs until stopped, without errors.
    const running = await wsResult(client, NotificationAddedDocument.toString(), { after: null }, 500);
    expect(running.errors).toBeUndefined();
    const again = await wsResult(client, manifest[contactsPageId]!, { first: 1 });
    expect(again.errors).toBeUndefined();
    expect(again.data).toMatchObject({ me: { name: "Admin" } });
    // The explorer's socket (explorer: true in connectionParams) is exempt in development.
    const explorerSocket = server.ws(org.adminToken, { connectionParams: { explorer: true } });
    expect((await wsResult(explorerSocket, UNTRUSTED)).errors).toBeUndefined();
  });

  it("treats layout, order and comments as the same document, and another field as another", () => {
    const a = canonicalDocument("query Q($b: Int, $a: Int) { me { name id } leads(first: $a) { totalCount } }");
    const b = canonicalDocument("# hi\nquery Q($a: Int $b: Int) {\n leads(first: $a) { totalCount }\n me { id name }\n}");
    expect(a).toBe(b);
    expect(canonicalDocument("query Q { me { id } }")).not.toBe(canonicalDocument("query Q { me { name } }"));
  });
});
