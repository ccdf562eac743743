import { expect } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../src/db/client.js";
import { createOrg, createUser, dbId, ok, unique, type TestOrg } from "./fixtures.js";
import type { TestServer } from "./server.js";

export const GENERATE = `mutation { generateVisitorIntegrationKey { enabled linked key } }`;
export const LINK = `mutation($input: LinkVisitorIntegrationInput!) { linkVisitorIntegration(input: $input) { enabled linked key linkedAdmin { id } } }`;
export const SETTINGS = `mutation($input: VisitorSettingsInput!) { updateVisitorSettings(input: $input) { autoAdd addAs followUpTaskDue owner ownerUser { id } notifyVisits addVisitDetails attachTranscripts showUnattendedAs attributeMappings { attribute field } } }`;
export const RECORD_VISIT = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { duplicate visit { id visitorId visitorType revenue browser os pageVisited pageUrl timeSpentMinutes pagesViewed visitedAt campaign { source name } } } }`;
export const RECORD_CHAT = `mutation($input: RecordChatInput!) { recordChat(input: $input) { duplicate chat { id visitorId attended subject shownAs transcript { id fileName contentType } } } }`;

export { dbId } from "./fixtures.js";
export const orgDbId = (org: TestOrg) => dbId(org.orgId);

/** An org whose visitor integration is generated and linked by its admin; returns the push key. */
export async function linkedOrg(server: TestServer, overrides: { timeZone?: string } = {}) {
  const org = await createOrg(server, overrides);
  const generated = (await ok(server.gql(org.adminToken, GENERATE))).generateVisitorIntegrationKey;
  const me = (await ok(server.gql(org.adminToken, `{ me { id email } }`))).me;
  await ok(server.gql(org.adminToken, LINK, { input: { adminEmail: me.email, key: generated.key } }));
  return { org, key: generated.key as string, adminEmail: me.email as string };
}

export const buildVisit = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: unique("visit"),
  visitorId: unique("visitor"),
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  pageUrl: "https://www.example.com/pricing",
  pageTitle: "Pricing",
  timeSpentSeconds: 125,
  ...overrides,
});

export const buildChat = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: unique("chat"),
  visitorId: unique("visitor"),
  attended: false,
  startedAt: new Date(Date.now() - 120_000).toISOString(),
  ...overrides,
});

export async function visitorRows(server: TestServer, org: TestOrg) {
  const id = orgDbId(org);
  const [row] = await queryRows<{ visits: number; actions: number; chats: number; rules: number; leads: number; contacts: number; tasks: number; notes: number; attachments: number }>(
    server.app.database.db,
    sql`select (select count(*)::int from visits where org_id = ${id}) as visits,
               (select count(*)::int from visit_actions where org_id = ${id}) as actions,
               (select count(*)::int from chats where org_id = ${id}) as chats,
               (select count(*)::int from visitor_rules where org_id = ${id}) as rules,
               (select count(*)::int from leads where org_id = ${id}) as leads,
               (select count(*)::int from contacts where org_id = ${id}) as contacts,
               (select count(*)::int from tasks where org_id = ${id}) as tasks,
               (select count(*)::int from notes where org_id = ${id}) as notes,
               (select count(*)::int from attachments where org_id = ${id}) as attachments`,
  );
  return row!;
}

export async function salesIqUser(server: TestServer, org: TestOrg, crm: "USER" | "ADMIN" | null = "USER") {
  const apps = [{ app: "SALES_IQ", role: "USER" }, ...(crm ? [{ app: "CRM", role: crm }] : [])];
  return createUser(server, org, apps);
}

export function expectCode(res: { errors?: { extensions: Record<string, unknown>; message: string }[] }, code: string, field?: string) {
  expect(res.errors, "expected an error").toBeDefined();
  expect(res.errors![0]!.extensions.code, res.errors![0]!.message).toBe(code);
  if (field !== undefined) expect(res.errors![0]!.extensions.field).toBe(field);
  return res.errors![0]!;
}
