import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactsWithDealsDocument, type ContactsWithDealsQuery } from "./generated/graphql.js";
import { createAccount, createOrg, createUser, ok, type TestOrg } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let org: TestOrg;
let users: { id: string }[];
let accounts: { id: string }[];

/** "50 contacts with owner, account, open deal count/amount and first 5 deals each" (test/operations). */
const QUERY = print(ContactsWithDealsDocument);

beforeAll(async () => {
  server = await startServer();
  org = await createOrg(server);
  users = [{ id: org.adminId }, await createUser(server, org), await createUser(server, org)];
  accounts = await Promise.all([1, 2, 3, 4].map(() => createAccount(server, org.adminToken)));
  const contactInputs = Array.from({ length: 50 }, (_, i) => ({ lastName: `C${i}`, ownerId: users[i % 3]!.id, accountId: accounts[i % 4]!.id }));
  // Aliased mutations in batches within the alias limit (15).
  const contactIds: string[] = [];
  for (let i = 0; i < contactInputs.length; i += 15) {
    const chunk = contactInputs.slice(i, i + 15);
    const created = await ok(
      server.gql(
        org.adminToken,
        `mutation(${chunk.map((_, k) => `$c${k}: CreateContactInput!`).join(", ")}) { ${chunk.map((_, k) => `c${k}: createContact(input: $c${k}) { id }`).join("\n")} }`,
        Object.fromEntries(chunk.map((c, k) => [`c${k}`, c])),
      ),
    );
    contactIds.push(...Object.values(created).map((c: any) => c.id as string));
  }
  const deals = contactIds.flatMap((contactId, i) =>
    Array.from({ length: (i % 7) + 1 }, (_, j) => ({ name: `D${i}.${j}`, stage: j % 3 === 0 ? "CLOSED_WON" : "Proposal", amount: 100 + j, contactId })),
  );
  for (let i = 0; i < deals.length; i += 15) {
    const chunk = deals.slice(i, i + 15);
    await ok(
      server.gql(
        org.adminToken,
        `mutation(${chunk.map((_, k) => `$d${k}: CreateDealInput!`).join(", ")}) { ${chunk.map((_, k) => `d${k}: createDeal(input: $d${k}) { id }`).join("\n")} }`,
        Object.fromEntries(chunk.map((d, k) => [`d${k}`, d])),
      ),
    );
  }
});
afterAll(() => server?.stop());

describe("DataLoader batching", () => {
  it("runs the same small number of SQL statements for 5 and for 50 contacts", async () => {
    const five = await server.gql<ContactsWithDealsQuery>(org.adminToken, QUERY, { first: 5 });
    const fifty = await server.gql<ContactsWithDealsQuery>(org.adminToken, QUERY, { first: 50 });
    expect(five.errors).toBeUndefined();
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data!.contacts.edges).toHaveLength(50);
    // every contact's deals are there, at most 5, with open counts over all of them
    const sample = fifty.data!.contacts.edges.find((e) => e.node.name === "C6")!.node;
    expect(sample.deals.edges).toHaveLength(5);
    expect(sample.openDealCount).toBe(4);
    // C6 was given users[6 % 3] and accounts[6 % 4]
    expect(sample.owner).toMatchObject({ id: users[0]!.id, name: "Admin" });
    expect(sample.account).toMatchObject({ id: accounts[2]!.id });
    // The contacts page with their deal figures, owners, accounts, deals; the admin's token was
    // read by an earlier request and is cached (issue 17).
    expect(fifty.extensions?.sqlStatements).toBe(4);
    expect(five.extensions?.sqlStatements).toBe(fifty.extensions?.sqlStatements);
  });
});
