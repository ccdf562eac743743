import { expect } from "vitest";
import { BOOTSTRAP_SECRET, type GraphQLResponse, type TestServer } from "./server.js";

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
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } admin { id } token } }`,
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
    `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } token } }`,
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

export const CREATE_LEAD = `mutation($input: CreateLeadInput!) { createLead(input: $input) { id name status owner { id } customFields } }`;
export const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id name account { id } owner { id } } }`;
export const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id name } }`;
export const CREATE_DEAL = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id name stage amount isOpen } }`;
export const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id subject status isOpen } }`;
export const CREATE_NOTE = `mutation($input: CreateNoteInput!) { createNote(input: $input) { id body } }`;

export const createLead = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CREATE_LEAD, { input: buildLead(overrides) }))).createLead as { id: string; name: string; owner: { id: string } };
export const createContact = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CREATE_CONTACT, { input: buildContact(overrides) }))).createContact as { id: string };
export const createAccount = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CREATE_ACCOUNT, { input: { name: unique("Account"), ...overrides } }))).createAccount as { id: string };
export const createDeal = async (server: TestServer, token: string, overrides: Record<string, unknown> = {}) =>
  (await ok(server.gql(token, CREATE_DEAL, { input: { name: unique("Deal"), stage: "Qualification", ...overrides } }))).createDeal as { id: string };

/** How many records of a list the token's holder sees (totalCount). */
export async function countOf(server: TestServer, token: string, list: "leads" | "contacts" | "accounts" | "deals" | "tasks") {
  return (await ok(server.gql(token, `{ ${list}(first: 0) { totalCount } }`)))[list].totalCount as number;
}

export async function createIntegrationKey(server: TestServer, org: TestOrg): Promise<{ id: string; key: string }> {
  return (await ok(server.gql(org.adminToken, `mutation { createIntegrationKey(name: "${unique("key")}") { id key } }`))).createIntegrationKey;
}

export const INGEST = `mutation($input: IngestSignalInput!) { ingestSignal(input: $input) { duplicate entry { id side channel event source summary occurredAt details reaction { questionsAnswered timeSpentSeconds pagesViewed } } } }`;

export const buildSignal = (overrides: Record<string, unknown> = {}) => ({
  source: "EMAIL_ANALYTICS",
  event: "EMAIL_OPENED",
  occurredAt: new Date().toISOString(),
  idempotencyKey: unique("signal"),
  details: { subject: "Our spring offer" },
  ...overrides,
});
