import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_LEAD, countOf, createOrg, type TestOrg } from "./helpers/fixtures.js";
import { startServer, wsResult, type GraphQLResponse, type TestServer } from "./helpers/server.js";

/**
 * Property-based fuzzing (fast-check) against the real server. The oracle: no 5xx, no WebSocket
 * close, no masked internal error or leaked internal text, and a rejected input stores nothing.
 * Seeds are printed on failure; replay one with FUZZ_SEED.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const RUNS = { inputs: 150, documents: 200 };
const LEAKS = /Internal server error|\.ts:\d+|node_modules|\bselect\b.*\bfrom\b|\binsert into\b|relation "|violates|syntax error at or near/i;

let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  server = await startServer();
  org = await createOrg(server);
});
afterAll(() => server?.stop());

function expectClean(res: Pick<GraphQLResponse, "errors"> & { status?: number }) {
  if (res.status !== undefined) expect(res.status).toBeLessThan(500);
  for (const error of res.errors ?? []) {
    expect(error.extensions?.code, error.message).not.toBe("INTERNAL_SERVER_ERROR");
  }
  expect(JSON.stringify(res)).not.toMatch(LEAKS);
}

const anything = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("a\u0000b", "\u0000", "\ud800", "😀", " "),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

const leadInput = fc.record(
  {
    lastName: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 30 }), anything),
    firstName: anything,
    email: fc.oneof(fc.emailAddress(), anything),
    phone: anything,
    company: anything,
    status: fc.oneof(fc.constantFrom("Not Contacted", "Contacted", "Qualified", "Junk", "Bogus"), anything),
    source: fc.oneof(fc.constantFrom("Web Form", "Partner", "Nope"), anything),
    customFields: anything,
    ownerId: anything,
  },
  { requiredKeys: [] },
);

describe("fuzzing", () => {
  it(`createLead with ${RUNS.inputs} random inputs: clean errors, and nothing stored when rejected`, async () => {
    await fc.assert(
      fc.asyncProperty(leadInput, async (input) => {
        const before = await countOf(server, org.adminToken, "leads");
        const res = await server.gql(org.adminToken, CREATE_LEAD, { input });
        expectClean(res);
        const after = await countOf(server, org.adminToken, "leads");
        expect(after).toBe(res.errors ? before : before + 1);
      }),
      { numRuns: RUNS.inputs, seed: SEED },
    );
  });

  const piece = fc.constantFrom(
    "{", "}", "(", ")", "[", "]", ":", "!", "=", ",", "$x", "...", "query", "mutation", "subscription", "fragment F on Query",
    "on", "Lead", "me", "id", "name", "leads", "contacts", "first: 2", "first: -1", "first: 1000", "after: \"x\"", "edges", "node",
    "__typename", "__schema", "@include(if: true)", "@skip(if: $x)", "\"str\"", "1", "1.5", "true", "null", "#c\n", "node(id: \"TGVhZDox\")",
    "timeline", "notificationAdded", "createLead(input: {lastName: \"x\"})", "(x: Int)", "($x: Boolean!)",
  );
  const documents = fc.oneof(
    fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(" ")),
    fc.string({ maxLength: 200 }),
    fc.constantFrom("{ me { id } }", "{ leads(first: 3) { edges { node { id name } } } }", "{ __typename }"),
  );

  it(`${RUNS.documents} random documents over HTTP and over one WebSocket: no 5xx, no close, no leaks`, async () => {
    const closes: number[] = [];
    const client = server.ws(org.adminToken, { onClose: (code) => closes.push(code) });
    await new Promise<void>((resolve) => client.on("connected", () => resolve()));
    await fc.assert(
      fc.asyncProperty(documents, fc.dictionary(fc.constantFrom("x", "y"), anything, { maxKeys: 2 }), async (query, variables) => {
        expectClean(await server.gql(org.adminToken, query, variables));
        expectClean(await wsResult(client, query, variables, 300));
        expect(closes, `after ${JSON.stringify(query)} ${JSON.stringify(variables)}`).toEqual([]);
      }),
      { numRuns: RUNS.documents, seed: SEED },
    );
  });
});
