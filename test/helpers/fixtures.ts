import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { queryRows } from "../../src/db/client.js";
import {
  CreateAccountDocument,
  CreateContactDocument,
  CreateDealDocument,
  CreateIntegrationKeyDocument,
  CreateLeadDocument,
  CreateNoteDocument,
  CreateOrganizationDocument,
  CreateTaskDocument,
  CreateUserDocument,
  IngestSignalDocument,
} from "../generated/graphql.js";
import { BOOTSTRAP_SECRET, textOf, type GraphQLResponse, type TestServer } from "./server.js";

let sequence = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

export interface TestOrg {
  orgId: string;
  adminId: string;
  adminToken: string;
}

/** A new org through the bootstrap mutation, as an operator would create one. */
export async function createOrg(server: TestServer, overrides: { trial?: boolean; timeZone?: string } = {}): Promise<TestOrg> {
  const res = await server.gql(
    null,
    CreateOrganizationDocument,
    { input: { name: unique("Org"), admin: { name: "Admin", email: `${unique("admin")}@example.com` }, ...overrides } },
    { "x-bootstrap-secret": BOOTSTRAP_SECRET },
  );
  expect(res.errors).toBeUndefined();
  const payload = res.data!.createOrganization;
  return { orgId: payload.organization.id, adminId: payload.admin.id, adminToken: payload.token };
}

/** A plain CRM user (or with the given apps) of the org. */
export async function createUser(
  server: TestServer,
  org: TestOrg,
  apps: { app: string; role: string }[] = [{ app: "CRM", role: "USER" }],
): Promise<{ id: string; token: string }> {
  const res = await server.gql(
    org.adminToken,
    CreateUserDocument,
    { input: { name: unique("User"), email: `${unique("user")}@example.com`, apps } },
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.createUser.user.id, token: res.data!.createUser.token };
}

/** Runs a mutation that must succeed and returns its data. */
export async function ok<T = Record<string, any>>(promise: Promise<GraphQLResponse<T>>): Promise<T> {
  const res = await promise;
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

/** The single error of a response, which must carry `code` (and `field`, when given). */
export function expectError(res: GraphQLResponse, code: string, field?: string) {
  expect(res.errors, JSON.stringify(res.data)).toBeDefined();
  const error = res.errors![0]!;
  expect(error.extensions.code, error.message).toBe(code);
  if (field !== undefined) expect(error.extensions.field).toBe(field);
  return error;
}

export const buildLead = (overrides: Record<string, unknown> = {}) => ({
  firstName: "Ada",
  lastName: unique("Lovelace"),
  company: "Analytical Engines",
  email: `${unique("ada")}@example.com`,
  phone: "+44 20 7946 0000",
  status: "Not Contacted",
  ...overrides,
});

export const buildContact = (overrides: Record<string, unknown> = {}) => ({
  firstName: "Grace",
  lastName: unique("Hopper"),
  email: `${unique("grace")}@example.com`,
  ...overrides,
});

// The fixtures' operations as text, from the typed documents (test/operations/fixtures.graphql).
export const CREATE_LEAD = textOf(CreateLeadDocument);
export const CREATE_CONTACT = textOf(CreateContactDocument);
export const CREATE_ACCOUNT = textOf(CreateAccountDocument);
export const CREATE_DEAL = textOf(CreateDealDocument);
export const CREATE_TASK = textOf(CreateTaskDocument);
export const CREATE_NOTE = textOf(CreateNoteDocument);

export const createLead = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CreateLeadDocument, { input: buildLead(overrides) }))).createLead as { id: string; name: string; owner: { id: string } };
export const createContact = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CreateContactDocument, { input: buildContact(overrides) }))).createContact as { id: string };
export const createAccount = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CreateAccountDocument, { input: { name: unique("Account"), ...overrides } }))).createAccount as { id: string };
export const createDeal = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CreateDealDocument, { input: { name: unique("Deal"), stage: "Qualification", ...overrides } }))).createDeal as { id: string };

/** How many records of a list the token's holder sees (totalCount). */
export async function countOf(server: TestServer, token: string, list: "leads" | "contacts" | "accounts" | "deals" | "tasks") {
  return (await ok(server.gql(token, `{ ${list}(first: 0) { totalCount } }`)))[list].totalCount as number;
}

export async function createIntegrationKey(server: TestServer, org: TestOrg): Promise<{ id: string; key: string }> {
  return (await ok(server.gql(org.adminToken, CreateIntegrationKeyDocument, { name: unique("key") }))).createIntegrationKey;
}

export const INGEST = textOf(IngestSignalDocument);

export const buildSignal = (overrides: Record<string, unknown> = {}) => ({
  source: "EMAIL_ANALYTICS",
  event: "EMAIL_OPENED",
  occurredAt: new Date().toISOString(),
  idempotencyKey: unique("signal"),
  details: { subject: "Our spring offer" },
  ...overrides,
});

/** The database id inside a global ID (base64url of `Type:id`). */
export const dbId = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString().split(":")[1]);

/** The stream sequence inside a notification's cursor (base64url of `n:<seq>`). */
export const cursorSeq = (cursor: string) => Number(Buffer.from(cursor, "base64url").toString().slice(2));

/** What an org has stored, read from the database: timeline entries, notifications, idempotency keys. */
export async function storedRows(server: TestServer, org: Pick<TestOrg, "orgId">) {
  const [row] = await queryRows<{ interactions: number; notifications: number; idempotencyKeys: number }>(
    server.app.database.db,
    sql`select (select count(*)::int from interactions where org_id = ${dbId(org.orgId)}) as "interactions",
               (select count(*)::int from notifications where org_id = ${dbId(org.orgId)}) as "notifications",
               (select count(*)::int from idempotency_keys where org_id = ${dbId(org.orgId)}) as "idempotencyKeys"`,
  );
  return row!;
}
