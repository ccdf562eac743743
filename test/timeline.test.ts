import { DateTime } from "luxon";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe } from "vitest";
import { queryRows } from "../src/db/client.js";
import {
  INGEST,
  buildSignal,
  createContact,
  createIntegrationKey,
  createLead,
  createOrg,
  createUser,
  dbId,
  expectError,
  ok,
  storedRows,
  type TestOrg,
} from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { collect, settled } from "./helpers/subscriptions.js";
import { test as it } from "./helpers/test.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const LOG = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { id side channel event status summary occurredAt details performedBy { id } } }`;

async function logFollowUp(token: string, input: Record<string, unknown>) {
  return (await ok(server.gql(token, LOG, { input: { action: "Call placed", channel: "CALL", ...input } }))).logFollowUp as { id: string; occurredAt: string };
}

async function signal(key: string, recordId: string, at: Date, overrides: Record<string, unknown> = {}) {
  return (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId, occurredAt: at.toISOString(), ...overrides }) }))).ingestSignal.entry as { id: string };
}

async function storedEntries(org: TestOrg) {
  return (await storedRows(server, org)).interactions;
}

const TIMELINE = `query($id: ID!, $first: Int, $after: String, $filter: TimelineFilter, $view: TimelineView, $order: TimelineOrder) {
  node(id: $id) { ... on Lead { timeline(first: $first, after: $after, filter: $filter, view: $view, order: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id side channel event status occurredAt intervalSeconds idle averageIntervalSeconds performedBy { id }
      reaction { questionsAnswered timeSpentSeconds pagesViewed }
      milestone { field oldValue newValue since daysInPrevious interactionCount }
      precedingFollowUp { id } precedingInteraction { id }
      collapsedFollowUps(first: 10) { totalCount edges { node { id } } } } } } } }
}`;

async function timeline(token: string, id: string, args: Record<string, unknown> = {}) {
  const data = await ok(server.gql(token, TIMELINE, { id, first: 20, ...args }));
  return data.node.timeline as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    edges: { node: Record<string, any> }[];
  };
}
const ids = (t: { edges: { node: Record<string, any> }[] }) => t.edges.map((e) => e.node.id as string);

describe.concurrent("follow-ups (TL-2, TL-3, TL-5)", () => {
  it("users log follow-ups with a channel's statuses; integrations can push them too", async ({ expect }) => {
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id });

    const call = (await ok(server.gql(rep.token, LOG, { input: { recordId: lead.id, channel: "CALL", action: " Call placed ", status: "ANSWERED", summary: "Talked pricing", details: { durationSeconds: 300 } } }))).logFollowUp;
    expect(call).toMatchObject({ side: "FOLLOW_UP", channel: "CALL", event: "Call placed", status: "ANSWERED", summary: "Talked pricing", details: { durationSeconds: 300 }, performedBy: { id: rep.id } });

    for (const [channel, status] of [["EMAIL", "BOUNCED"], ["DESK", "ESCALATED"], ["DESK", "ON_HOLD"], ["MEETING", null]] as const) {
      const entry = await logFollowUp(rep.token, { recordId: lead.id, channel, action: "Done", status });
      expect(entry).toMatchObject({ channel, status });
    }
    const pushed = (await ok(server.gql(key, LOG, { input: { recordId: lead.id, channel: "EMAIL", action: "Email sent", status: "DELIVERED", performedBy: rep.id } }))).logFollowUp;
    expect(pushed).toMatchObject({ channel: "EMAIL", status: "DELIVERED", performedBy: { id: rep.id } });
    const anonymous = (await ok(server.gql(key, LOG, { input: { recordId: lead.id, channel: "WEBINAR", action: "Invitation sent" } }))).logFollowUp;
    expect(anonymous.performedBy).toBeNull();

    const admin = (await ok(server.gql(org.adminToken, LOG, { input: { recordId: lead.id, channel: "CALL", action: "Call placed", performedBy: rep.id } }))).logFollowUp;
    expect(admin.performedBy).toEqual({ id: rep.id });
    expect((await timeline(rep.token, lead.id)).totalCount).toBe(8);
  });

  it("stores an integration's retried follow-up once per idempotency key", async ({ expect }) => {
    const org = await createOrg(server);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken);
    const input = { recordId: lead.id, channel: "EMAIL", action: "Email sent", status: "DELIVERED", idempotencyKey: "mail-4711" };
    const first = (await ok(server.gql(key, LOG, { input }))).logFollowUp;
    const again = await Promise.all(Array.from({ length: 6 }, () => ok(server.gql(key, LOG, { input: { ...input, summary: "retried" } }))));
    expect(new Set(again.map((r) => r.logFollowUp.id))).toEqual(new Set([first.id]));
    expect(again[0]!.logFollowUp.summary).toBeNull();
    // Concurrent first attempts with a fresh key: one entry.
    const racing = await Promise.all(Array.from({ length: 6 }, () => ok(server.gql(key, LOG, { input: { ...input, idempotencyKey: "mail-4712" } }))));
    expect(new Set(racing.map((r) => r.logFollowUp.id)).size).toBe(1);
    // Signals' keys are another namespace: the same key pushes a signal too.
    const signalEntry = (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId: lead.id, idempotencyKey: "mail-4711" }) }))).ingestSignal;
    expect(signalEntry.duplicate).toBe(false);
    expect(await storedEntries(org)).toBe(3);
    expectError(await server.gql(key, LOG, { input: { ...input, idempotencyKey: "k".repeat(201) } }), "BAD_USER_INPUT", "input.idempotencyKey");
    // The same key for another record is a mistake, not a retry.
    const other = await createLead(server, org.adminToken);
    expectError(await server.gql(key, LOG, { input: { ...input, recordId: other.id } }), "CONFLICT", "input.idempotencyKey");
    expect(await storedEntries(org)).toBe(3);
  });

  it("a follow-up key answers only the caller who used it: another user or integration key stores its own", async ({ expect }) => {
    const org = await createOrg(server);
    const [alice, bob] = [await createUser(server, org), await createUser(server, org)];
    const [keyA, keyB] = [(await createIntegrationKey(server, org)).key, (await createIntegrationKey(server, org)).key];
    const aliceLead = await createLead(server, org.adminToken, { ownerId: alice.id });
    const bobLead = await createLead(server, org.adminToken, { ownerId: bob.id });
    const log = (token: string, recordId: string) => ok(server.gql(token, LOG, { input: { recordId, channel: "CALL", action: "Call placed", idempotencyKey: "call-123" } }));
    const a = (await log(alice.token, aliceLead.id)).logFollowUp;
    const b = (await log(bob.token, bobLead.id)).logFollowUp;
    expect(b.id).not.toBe(a.id);
    const k1 = (await log(keyA, aliceLead.id)).logFollowUp;
    const k2 = (await log(keyB, aliceLead.id)).logFollowUp;
    expect(new Set([a.id, b.id, k1.id, k2.id]).size).toBe(4);
    expect((await log(alice.token, aliceLead.id)).logFollowUp.id).toBe(a.id);
    // A signal's key of the same text is another namespace too.
    const s = (await ok(server.gql(keyA, INGEST, { input: buildSignal({ recordId: aliceLead.id, idempotencyKey: "call-123" }) }))).ingestSignal;
    expect(s.duplicate).toBe(false);
    expect(await storedEntries(org)).toBe(5);
  });

  it("rejects bad follow-ups with the offending field and stores nothing", async ({ expect }) => {
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const other = await createUser(server, org);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id });
    const othersLead = await createLead(server, org.adminToken, { ownerId: other.id });
    const foreign = await createOrg(server);
    const foreignLead = await createLead(server, foreign.adminToken);
    const account = (await ok(server.gql(org.adminToken, `mutation { createAccount(input: { name: "Acme" }) { id } }`))).createAccount;
    const base = { recordId: lead.id, channel: "CALL", action: "Call placed" };
    const cases: [string | null, Record<string, unknown>, string, string][] = [
      [rep.token, { ...base, channel: "PIGEON" }, "BAD_USER_INPUT", "input.channel"],
      [rep.token, { ...base, status: "DELIVERED" }, "BAD_USER_INPUT", "input.status"],
      [rep.token, { ...base, channel: "MEETING", status: "ANSWERED" }, "BAD_USER_INPUT", "input.status"],
      [rep.token, { ...base, channel: "EMAIL", status: "OPEN" }, "BAD_USER_INPUT", "input.status"],
      [rep.token, { ...base, action: "   " }, "BAD_USER_INPUT", "input.action"],
      [rep.token, { ...base, action: "x".repeat(101) }, "BAD_USER_INPUT", "input.action"],
      [rep.token, { ...base, occurredAt: new Date(Date.now() + HOUR).toISOString() }, "BAD_USER_INPUT", "input.occurredAt"],
      [rep.token, { ...base, occurredAt: "1950-06-01T00:00:00Z" }, "BAD_USER_INPUT", "input.occurredAt"],
      [rep.token, { ...base, occurredAt: "0000-01-01T00:00:00Z" }, "BAD_USER_INPUT", "input.occurredAt"],
      [rep.token, { ...base, details: [1, 2] }, "BAD_USER_INPUT", "input.details"],
      [rep.token, { ...base, details: { blob: "x".repeat(17_000) } }, "BAD_USER_INPUT", "input.details"],
      [rep.token, { ...base, summary: "x".repeat(2001) }, "BAD_USER_INPUT", "input.summary"],
      [rep.token, { ...base, recordId: othersLead.id }, "NOT_FOUND", "input.recordId"],
      [rep.token, { ...base, recordId: foreignLead.id }, "NOT_FOUND", "input.recordId"],
      [rep.token, { ...base, recordId: account.id }, "BAD_USER_INPUT", "input.recordId"],
      [rep.token, { ...base, recordId: "nonsense" }, "BAD_USER_INPUT", "input.recordId"],
      [rep.token, { ...base, performedBy: other.id }, "FORBIDDEN", "input.performedBy"],
      [org.adminToken, { ...base, performedBy: foreign.adminId }, "NOT_FOUND", "input.performedBy"],
      [key, { ...base, recordId: foreignLead.id }, "NOT_FOUND", "input.recordId"],
      [foreign.adminToken, base, "NOT_FOUND", "input.recordId"],
    ];
    for (const [token, input, code, field] of cases) {
      const res = await server.gql(token, LOG, { input });
      expectError(res, code, field);
    }
    expectError(await server.gql(null, LOG, { input: base }), "UNAUTHENTICATED");
    expect(await storedEntries(org)).toBe(0);
  });
});

/**
 * One lead's history, laid out in the org's time zone so that the period filters have exact
 * expectations:
 *   F1 EMAIL sent (DELIVERED)  -40d      S1 EMAIL_OPENED   -40d+1h   S2 EMAIL_CLICKED -40d+2h
 *   F2 CALL UNANSWERED         -20d      F3 CALL ANSWERED  -20d+3h (by the admin)
 *   F4 MEETING                 -5d       S3 SURVEY (7 questions)     -5d+2h
 *   F5 DESK comment (OPEN)     yesterday 10:00               S4 website visit  today 00:01
 */
async function buildHistory() {
  const org = await createOrg(server, { timeZone: "Asia/Tokyo" });
  const rep = await createUser(server, org);
  const key = (await createIntegrationKey(server, org)).key;
  const lead = await createLead(server, org.adminToken, { ownerId: rep.id });
  const today = DateTime.now().setZone("Asia/Tokyo").startOf("day");
  const day = (n: number, hours = 0) => today.minus({ days: n }).plus({ hours }).toJSDate();
  const at = {
    F1: day(40), S1: day(40, 1), S2: day(40, 2),
    F2: day(20), F3: day(20, 3),
    F4: day(5), S3: day(5, 2),
    F5: day(1, 10), S4: today.plus({ minutes: 1 }).toJSDate(),
  };
  const e: Record<keyof typeof at, string> = {} as never;
  e.F1 = (await logFollowUp(rep.token, { recordId: lead.id, channel: "EMAIL", action: "Email sent", status: "DELIVERED", occurredAt: at.F1 })).id;
  e.S1 = (await signal(key, lead.id, at.S1)).id;
  e.S2 = (await signal(key, lead.id, at.S2, { event: "EMAIL_CLICKED", details: { url: "https://example.com/offer" } })).id;
  e.F2 = (await logFollowUp(rep.token, { recordId: lead.id, status: "UNANSWERED", occurredAt: at.F2 })).id;
  e.F3 = (await logFollowUp(org.adminToken, { recordId: lead.id, status: "ANSWERED", occurredAt: at.F3 })).id;
  e.F4 = (await logFollowUp(rep.token, { recordId: lead.id, channel: "MEETING", action: "Meeting held", occurredAt: at.F4 })).id;
  e.S3 = (await signal(key, lead.id, at.S3, { source: "SURVEY", event: "SURVEY_RESPONDED", details: { surveyName: "NPS", questionsAnswered: 7 } })).id;
  e.F5 = (await logFollowUp(rep.token, { recordId: lead.id, channel: "DESK", action: "Comment added", status: "OPEN", occurredAt: at.F5 })).id;
  e.S4 = (await signal(key, lead.id, at.S4, { source: "WEBSITE", event: "VISIT_STARTED", details: { page: "https://example.com/pricing", timeSpentSeconds: 95, pagesViewed: 4 } })).id;
  return { org, rep, key, lead, at, e, today };
}

describe.concurrent("reading the history (TL-8, TL-10..12)", () => {
  let h: Awaited<ReturnType<typeof buildHistory>>;
  beforeAll(async () => {
    h = await buildHistory();
  });
  const chronological = () => [h.e.F1, h.e.S1, h.e.S2, h.e.F2, h.e.F3, h.e.F4, h.e.S3, h.e.F5, h.e.S4];

  it("lists every entry newest first, or oldest first, with the interval to the previous one", async ({ expect }) => {
    const newest = await timeline(h.rep.token, h.lead.id);
    expect(ids(newest)).toEqual(chronological().reverse());
    expect(newest.totalCount).toBe(9);
    const oldest = await timeline(h.rep.token, h.lead.id, { order: "OLDEST_FIRST" });
    expect(ids(oldest)).toEqual(chronological());
    const byId = new Map(oldest.edges.map((e) => [e.node.id, e.node]));
    const gap = (a: keyof typeof h.at, b: keyof typeof h.at) => Math.round((h.at[b].getTime() - h.at[a].getTime()) / 1000);
    expect(byId.get(h.e.F1)!.intervalSeconds).toBeNull();
    expect(byId.get(h.e.S1)!.intervalSeconds).toBe(3600);
    expect(byId.get(h.e.F2)!.intervalSeconds).toBe(gap("S2", "F2"));
    expect(byId.get(h.e.S4)!.intervalSeconds).toBe(gap("F5", "S4"));
    expect(byId.get(h.e.S3)!.reaction).toEqual({ questionsAnswered: 7, timeSpentSeconds: null, pagesViewed: null });
    expect(byId.get(h.e.S4)!.reaction).toEqual({ questionsAnswered: null, timeSpentSeconds: 95, pagesViewed: 4 });
    expect(byId.get(h.e.F3)!.performedBy).toEqual({ id: h.org.adminId });
    expect(byId.get(h.e.S1)!.performedBy).toBeNull();
  });

  it("pages with cursors in either order, without gaps or repeats", async ({ expect }) => {
    for (const order of ["NEWEST_FIRST", "OLDEST_FIRST"]) {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await timeline(h.rep.token, h.lead.id, { first: 4, after, order });
        seen.push(...ids(page));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(order === "NEWEST_FIRST" ? chronological().reverse() : chronological());
    }
    const first = await timeline(h.rep.token, h.lead.id, { first: 2 });
    expectError(await server.gql(h.rep.token, TIMELINE, { id: h.lead.id, after: first.pageInfo.endCursor, order: "OLDEST_FIRST" }), "BAD_USER_INPUT", "after");
    expectError(await server.gql(h.rep.token, TIMELINE, { id: h.lead.id, after: "garbage" }), "BAD_USER_INPUT", "after");
    expectError(
      await server.gql(h.rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 101) { totalCount } } } }`, { id: h.lead.id }),
      "BAD_USER_INPUT",
      "first",
    );
  });

  it("filters by channels, users, sides, periods in the org's time zone, a date and a range", async ({ expect }) => {
    const newestFirst = (...keys: (keyof typeof h.e)[]) => keys.map((k) => h.e[k]).reverse();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ channels: ["CALL"] }, newestFirst("F2", "F3")],
      [{ channels: ["EMAIL", "MEETING"] }, newestFirst("F1", "S1", "S2", "F4")],
      [{ userIds: [h.org.adminId] }, newestFirst("F3")],
      [{ userIds: [h.rep.id], channels: ["CALL"] }, newestFirst("F2")],
      [{ sides: ["SIGNAL"] }, newestFirst("S1", "S2", "S3", "S4")],
      [{ period: "TODAY" }, newestFirst("S4")],
      [{ period: "YESTERDAY" }, newestFirst("F5")],
      [{ period: "LAST_7_DAYS" }, newestFirst("F4", "S3", "F5", "S4")],
      [{ period: "LAST_30_DAYS" }, newestFirst("F2", "F3", "F4", "S3", "F5", "S4")],
      [{ date: h.today.minus({ days: 20 }).toISODate() }, newestFirst("F2", "F3")],
      [{ from: h.at.S1.toISOString(), to: h.at.F3.toISOString() }, newestFirst("S1", "S2", "F2")],
      [{ from: h.at.F5.toISOString() }, newestFirst("F5", "S4")],
    ];
    for (const [filter, expected] of cases) {
      const page = await timeline(h.rep.token, h.lead.id, { filter });
      expect(ids(page), JSON.stringify(filter)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
    }
    const bad: [Record<string, unknown>, string][] = [
      [{ period: "TODAY", date: "2026-01-01" }, "filter.date"],
      [{ date: "2026-01-01", from: h.at.F1.toISOString() }, "filter.from"],
      [{ from: h.at.F3.toISOString(), to: h.at.F1.toISOString() }, "filter.to"],
      [{ date: "2026-02-30" }, "filter.date"],
      [{ userIds: ["nonsense"] }, "filter.userIds.0"],
      [{ channels: ["PIGEON"] }, "filter.channels"],
      [{ from: "0000-01-01T00:00:00Z" }, "filter.from"],
    ];
    for (const [filter, field] of bad) {
      const res = await server.gql(h.rep.token, TIMELINE, { id: h.lead.id, filter });
      expect(res.errors?.[0]?.extensions.code, JSON.stringify(filter)).toBe("BAD_USER_INPUT");
      expect(String(res.errors?.[0]?.extensions.field), JSON.stringify(filter)).toContain(field);
    }
  });

  it("SIGNALS view: each signal with the follow-up immediately preceding it, the others collapsed under it", async ({ expect }) => {
    const page = await timeline(h.rep.token, h.lead.id, { view: "SIGNALS", order: "OLDEST_FIRST" });
    expect(ids(page)).toEqual([h.e.S1, h.e.S2, h.e.S3, h.e.S4]);
    const [s1, s2, s3, s4] = page.edges.map((e) => e.node);
    expect(s1!.precedingFollowUp).toEqual({ id: h.e.F1 });
    expect(s2!.precedingFollowUp).toEqual({ id: h.e.F1 });
    expect(s3!.precedingFollowUp).toEqual({ id: h.e.F4 });
    expect(s4!.precedingFollowUp).toEqual({ id: h.e.F5 });
    // F2 and F3 came after S2 and before F4, S3's preceding follow-up: collapsed under S3.
    expect(s3!.collapsedFollowUps).toEqual({ totalCount: 2, edges: [{ node: { id: h.e.F3 } }, { node: { id: h.e.F2 } }] });
    for (const s of [s1, s2, s4]) expect(s!.collapsedFollowUps).toEqual({ totalCount: 0, edges: [] });
    // Collapsed follow-ups page like any list.
    const COLLAPSED = `query($id: ID!, $after: String) { node(id: $id) { ... on TimelineEntry { collapsedFollowUps(first: 1, after: $after) {
      totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`;
    const p1 = (await ok(server.gql(h.rep.token, COLLAPSED, { id: h.e.S3 }))).node.collapsedFollowUps;
    expect(p1).toMatchObject({ totalCount: 2, edges: [{ node: { id: h.e.F3 } }], pageInfo: { hasNextPage: true } });
    const p2 = (await ok(server.gql(h.rep.token, COLLAPSED, { id: h.e.S3, after: p1.pageInfo.endCursor }))).node.collapsedFollowUps;
    expect(p2).toMatchObject({ edges: [{ node: { id: h.e.F2 } }], pageInfo: { hasNextPage: false } });
    // Follow-ups carry no pairing of their own.
    const f = (await timeline(h.rep.token, h.lead.id, { filter: { sides: ["FOLLOW_UP"] }, first: 1 })).edges[0]!.node;
    expect(f.precedingFollowUp).toBeNull();
    expect(f.collapsedFollowUps.totalCount).toBe(0);
  });

  it("summarises counts by side and channel, the best-answered channel and the last interaction (TL-13)", async ({ expect }) => {
    const data = await ok(
      server.gql(h.rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { timelineSummary {
        totalInteractions bySide { side count } byChannel { channel signals followUps respondedFollowUps responseRate }
        bestResponseChannel lastInteractionAt secondsSinceLastInteraction averageIntervalSeconds idle } } } }`, { id: h.lead.id }),
    );
    const s = data.node.timelineSummary;
    expect(s.totalInteractions).toBe(9);
    expect(s.bySide).toEqual([
      { side: "SIGNAL", count: 4 },
      { side: "FOLLOW_UP", count: 5 },
      { side: "MILESTONE", count: 0 },
    ]);
    // EMAIL: F1 answered by S1 and S2 → 1/1. CALL: F2 unanswered, F3 ANSWERED → 1/2.
    // MEETING: F4, then only a SURVEY signal → 0/1. DESK: F5, then a WEBSITE signal → 0/1.
    expect(s.byChannel).toEqual([
      { channel: "EMAIL", signals: 2, followUps: 1, respondedFollowUps: 1, responseRate: 1 },
      { channel: "CALL", signals: 0, followUps: 2, respondedFollowUps: 1, responseRate: 0.5 },
      { channel: "MEETING", signals: 0, followUps: 1, respondedFollowUps: 0, responseRate: 0 },
      { channel: "SURVEY", signals: 1, followUps: 0, respondedFollowUps: 0, responseRate: null },
      { channel: "DESK", signals: 0, followUps: 1, respondedFollowUps: 0, responseRate: 0 },
      { channel: "WEBSITE", signals: 1, followUps: 0, respondedFollowUps: 0, responseRate: null },
    ]);
    expect(s.bestResponseChannel).toBe("EMAIL");
    expect(new Date(s.lastInteractionAt).getTime()).toBe(h.at.S4.getTime());
    expect(s.averageIntervalSeconds).toBeNull();
    expect(s.idle).toBeNull();
  });
});

const UPDATE_STATUS = `mutation($id: ID!, $status: String!) { updateLead(id: $id, input: { status: $status }) { id status } }`;
const ENABLE_HISTORY = `mutation { setPicklistHistory(input: { module: LEADS, field: "status", enabled: true }) { historyEnabled } }`;

describe.concurrent("milestones (TL-6, TL-7)", () => {
  it("come from status changes recorded after history was enabled, with the span before each", async ({ expect }) => {
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id, status: "Not Contacted" });
    // The lead was created ten days ago (set in the database: the API stamps creation with now).
    await queryRows(server.app.database.db, sql`update leads set created_at = now() - interval '10 days' where id = ${dbId(lead.id)}`);

    await ok(server.gql(rep.token, UPDATE_STATUS, { id: lead.id, status: "Contacted" })); // before history: no milestone
    await ok(server.gql(org.adminToken, ENABLE_HISTORY));
    const before = await logFollowUp(rep.token, { recordId: lead.id, occurredAt: new Date(Date.now() - 5 * DAY).toISOString() });
    await logFollowUp(rep.token, { recordId: lead.id, occurredAt: new Date(Date.now() - 11 * DAY).toISOString() }); // before creation: outside the span
    await ok(server.gql(rep.token, UPDATE_STATUS, { id: lead.id, status: "Qualified" }));
    const between = await logFollowUp(rep.token, { recordId: lead.id, channel: "EMAIL", action: "Email sent" });
    await ok(server.gql(org.adminToken, UPDATE_STATUS, { id: lead.id, status: "Junk" }));
    await ok(server.gql(rep.token, `mutation($id: ID!) { updateLead(id: $id, input: { lastName: "Renamed" }) { id } }`, { id: lead.id })); // not a picklist

    const page = await timeline(rep.token, lead.id, { view: "MILESTONES", order: "OLDEST_FIRST" });
    expect(page.edges).toHaveLength(2);
    const [first, second] = page.edges.map((e) => e.node);
    expect(first).toMatchObject({ side: "MILESTONE", channel: null, event: "status", performedBy: { id: rep.id }, intervalSeconds: null });
    expect(first!.milestone).toMatchObject({ field: "status", oldValue: "Contacted", newValue: "Qualified", daysInPrevious: 10, interactionCount: 1 });
    expect(first!.precedingInteraction).toEqual({ id: before.id });
    expect(second).toMatchObject({ performedBy: { id: org.adminId } });
    expect(second!.milestone).toMatchObject({ oldValue: "Qualified", newValue: "Junk", daysInPrevious: 0, interactionCount: 1 });
    expect(new Date(second!.milestone.since).getTime()).toBe(new Date(first!.occurredAt).getTime());
    expect(second!.precedingInteraction).toEqual({ id: between.id });

    const all = await timeline(rep.token, lead.id);
    expect(all.edges.map((e) => e.node.side)).toEqual(["MILESTONE", "FOLLOW_UP", "MILESTONE", "FOLLOW_UP", "FOLLOW_UP"]);
    // A milestone is not an interaction: the follow-up after it measures its interval from `before`.
    const betweenNode = all.edges.find((e) => e.node.id === between.id)!.node;
    expect(betweenNode.intervalSeconds).toBe(Math.round((new Date(betweenNode.occurredAt).getTime() - new Date(before.occurredAt).getTime()) / 1000));
    expect(ids(await timeline(rep.token, lead.id, { filter: { channels: ["EMAIL"] } }))).toEqual([between.id]);
    expect(ids(await timeline(rep.token, lead.id, { view: "MILESTONES", filter: { userIds: [org.adminId] } }))).toEqual([second!.id]);
  });
});

describe.concurrent("contacts have timelines too", () => {
  it("with follow-ups, signals and milestones of the contact's picklists", async ({ expect }) => {
    const org = await createOrg(server);
    const key = (await createIntegrationKey(server, org)).key;
    const contact = await createContact(server, org.adminToken, { source: "Web Form" });
    await ok(server.gql(org.adminToken, `mutation { setPicklistHistory(input: { module: CONTACTS, field: "source", enabled: true }) { historyEnabled } }`));
    const f = await logFollowUp(org.adminToken, { recordId: contact.id, channel: "MEETING", action: "Demo held" });
    const s = await signal(key, contact.id, new Date());
    await ok(server.gql(org.adminToken, `mutation($id: ID!) { updateContact(id: $id, input: { source: "Partner" }) { id } }`, { id: contact.id }));
    const data = await ok(
      server.gql(org.adminToken, `query($id: ID!) { node(id: $id) { ... on Contact { timeline { edges { node { id side milestone { field oldValue newValue interactionCount } } } }
        timelineSummary { totalInteractions bySide { side count } } } } }`, { id: contact.id }),
    );
    const nodes = data.node.timeline.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.side)).toEqual(["MILESTONE", "SIGNAL", "FOLLOW_UP"]);
    expect(nodes[0].milestone).toEqual({ field: "source", oldValue: "Web Form", newValue: "Partner", interactionCount: 2 });
    expect(nodes.slice(1).map((n: any) => n.id)).toEqual([s.id, f.id]);
    expect(data.node.timelineSummary.totalInteractions).toBe(2);
  });
});

// Not concurrent with the rest: the scheduled job below computes the averages of every due org on
// the server, which would change what the other tests read.
describe("intervals and the idle state (TL-9)", () => {
  const AVERAGES = `{ timelineAverages { module averageIntervalSeconds intervals computedAt } }`;
  const RECOMPUTE = `mutation { recomputeTimelineAverages { module averageIntervalSeconds intervals computedAt } }`;

  async function buildModules() {
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const t0 = Date.now() - 3 * DAY;
    const at = (hours: number) => new Date(t0 + hours * HOUR).toISOString();
    const leadA = await createLead(server, org.adminToken, { ownerId: rep.id });
    const leadB = await createLead(server, org.adminToken, { ownerId: rep.id });
    const contact = await createContact(server, org.adminToken, { ownerId: rep.id });
    const quiet = await createLead(server, org.adminToken, { ownerId: rep.id });
    for (const h of [0, 1, 3]) await logFollowUp(rep.token, { recordId: leadA.id, occurredAt: at(h) }); // 3600, 7200
    for (const h of [0, 10]) await logFollowUp(rep.token, { recordId: leadB.id, occurredAt: at(h) }); // 36000
    for (const h of [0, 2]) await logFollowUp(rep.token, { recordId: contact.id, occurredAt: at(h) }); // 7200
    await logFollowUp(rep.token, { recordId: quiet.id });
    await ok(server.gql(org.adminToken, ENABLE_HISTORY));
    await ok(server.gql(rep.token, UPDATE_STATUS, { id: leadA.id, status: "Qualified" })); // a milestone: not an interaction
    return { org, rep, leadA, leadB, contact, quiet };
  }

  it("averages each module's intervals on demand, marks longer intervals idle and says what they were compared with", async ({ expect }) => {
    const m = await buildModules();
    expect((await ok(server.gql(m.rep.token, AVERAGES))).timelineAverages).toEqual([]);
    expect((await timeline(m.rep.token, m.leadB.id)).edges[0]!.node.idle).toBeNull();
    expectError(await server.gql(m.rep.token, RECOMPUTE), "FORBIDDEN");

    const computed = (await ok(server.gql(m.org.adminToken, RECOMPUTE))).recomputeTimelineAverages;
    expect(computed.map((a: any) => [a.module, a.averageIntervalSeconds, a.intervals])).toEqual([
      ["CONTACTS", 7200, 1],
      ["LEADS", (3600 + 7200 + 36000) / 3, 3],
    ]);
    expect((await ok(server.gql(m.rep.token, AVERAGES))).timelineAverages).toEqual(computed);
    // Another org's admin neither sees these averages nor recomputes them: its own come out empty.
    const foreign = await createOrg(server);
    expect((await ok(server.gql(foreign.adminToken, AVERAGES))).timelineAverages).toEqual([]);
    const theirs = (await ok(server.gql(foreign.adminToken, RECOMPUTE))).recomputeTimelineAverages;
    expect(theirs.map((a: any) => [a.module, a.averageIntervalSeconds, a.intervals])).toEqual([["CONTACTS", null, 0], ["LEADS", null, 0]]);
    expect((await ok(server.gql(m.rep.token, AVERAGES))).timelineAverages).toEqual(computed);

    const b = (await timeline(m.rep.token, m.leadB.id)).edges.map((e) => e.node);
    expect(b[0]).toMatchObject({ intervalSeconds: 36000, idle: true, averageIntervalSeconds: 15600 });
    expect(b[1]).toMatchObject({ intervalSeconds: null, idle: null });
    const a = (await timeline(m.rep.token, m.leadA.id, { filter: { sides: ["FOLLOW_UP"] } })).edges.map((e) => e.node);
    expect(a.map((n) => [n.intervalSeconds, n.idle])).toEqual([[7200, false], [3600, false], [null, null]]);

    const summary = async (id: string) =>
      (await ok(server.gql(m.rep.token, `query($id: ID!) { node(id: $id) { ... on Lead { timelineSummary { idle averageIntervalSeconds secondsSinceLastInteraction } } } }`, { id }))).node.timelineSummary;
    expect(await summary(m.leadA.id)).toMatchObject({ idle: true, averageIntervalSeconds: 15600 });
    expect(await summary(m.quiet.id)).toMatchObject({ idle: false, averageIntervalSeconds: 15600 });
  });

  it("the scheduled job computes each org once, however many instances run it at the same moment", async ({ expect, dispose }) => {
    const { refreshDueAverages } = await import("../src/modules/timeline/interval-averages.service.js");
    const { createDatabase } = await import("../src/db/client.js");
    const m = await buildModules();
    const orgId = dbId(m.org.orgId);
    // A second connection pool stands for a second instance on the real database.
    const second = server.target === "postgres" ? await createDatabase(server.app.deps.config.database) : null;
    if (second) dispose(() => second.close());
    const runs = await Promise.all([
      refreshDueAverages(server.app.database.db, 7 * DAY),
      refreshDueAverages((second ?? server.app.database).db, 7 * DAY),
      refreshDueAverages(server.app.database.db, 7 * DAY),
    ]);
    expect(runs.flat().filter((id) => id === orgId)).toHaveLength(1);
    // Fresh averages are not computed again until they are older than the maximum age.
    expect((await refreshDueAverages(server.app.database.db, 7 * DAY)).includes(orgId)).toBe(false);
    expect((await refreshDueAverages(server.app.database.db, 7 * DAY, new Date(Date.now() + 8 * DAY))).includes(orgId)).toBe(true);
    const averages = (await ok(server.gql(m.rep.token, AVERAGES))).timelineAverages;
    expect(averages.map((a: any) => a.module)).toEqual(["CONTACTS", "LEADS"]);
  });

  it("a server with the job switched on computes new orgs by itself", async ({ expect, serve }) => {
    const jobServer = await serve({ TIMELINE_AVERAGES_CHECK_SECONDS: "1" });
    const org = await createOrg(jobServer);
    await expect
      .poll(async () => (await ok(jobServer.gql(org.adminToken, AVERAGES))).timelineAverages.map((a: { module: string }) => a.module), { timeout: 15_000, interval: 250 })
      .toEqual(["CONTACTS", "LEADS"]);
  });
});

describe.concurrent("permission, deletion and live entries (TL-14, TL-15)", () => {
  it("only viewers of the record see its history; deleting the record deletes it", async ({ expect }) => {
    const h = await buildHistory();
    const stranger = await createUser(server, h.org);
    const foreign = await createOrg(server);
    for (const token of [stranger.token, foreign.adminToken]) {
      expectError(await server.gql(token, TIMELINE, { id: h.lead.id }), "NOT_FOUND", "id");
      expectError(await server.gql(token, `query($id: ID!) { node(id: $id) { id } }`, { id: h.e.S1 }), "NOT_FOUND", "id");
      const sub = collect(server.ws(token), `subscription($id: ID!) { timelineEntryAdded(recordId: $id) { id } }`, { id: h.lead.id });
      await sub.waitFor(1);
      expect(sub.results[0]!.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    }
    expect((await ok(server.gql(h.rep.token, `query($id: ID!) { node(id: $id) { ... on TimelineEntry { id side } } }`, { id: h.e.S1 }))).node).toEqual({ id: h.e.S1, side: "SIGNAL" });

    expect(await storedEntries(h.org)).toBe(9);
    await ok(server.gql(h.org.adminToken, `mutation($id: ID!) { deleteLead(id: $id) }`, { id: h.lead.id }));
    expect(await storedEntries(h.org)).toBe(0);
  });

  it("an entry reached through an old notification shows nothing of a history its reader may no longer view", async ({ expect }) => {
    const org = await createOrg(server);
    const [alice, bob] = [await createUser(server, org), await createUser(server, org)];
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken, { ownerId: alice.id });
    const f = await logFollowUp(alice.token, { recordId: lead.id, occurredAt: new Date(Date.now() - HOUR).toISOString() });
    await signal(key, lead.id, new Date());
    const NOTE = `{ notifications(first: 1) { edges { node { record { ... on Lead { id } } entry { id intervalSeconds precedingFollowUp { id } collapsedFollowUps { totalCount } } } } } }`;
    const before = (await ok(server.gql(alice.token, NOTE))).notifications.edges[0].node;
    expect(before.record).toEqual({ id: lead.id });
    expect(before.entry).toMatchObject({ intervalSeconds: 3600, precedingFollowUp: { id: f.id } });
    await ok(server.gql(org.adminToken, `mutation($id: ID!, $o: ID!) { updateLead(id: $id, input: { ownerId: $o }) { id } }`, { id: lead.id, o: bob.id }));
    const after = (await ok(server.gql(alice.token, NOTE))).notifications.edges[0].node;
    expect(after.record).toBeNull();
    expect(after.entry).toEqual({ id: before.entry.id, intervalSeconds: null, precedingFollowUp: null, collapsedFollowUps: { totalCount: 0 } });
  });

  it("subscribers receive follow-ups and milestones as well as signals", async ({ expect, dispose }) => {
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = await createLead(server, org.adminToken, { ownerId: rep.id });
    await ok(server.gql(org.adminToken, ENABLE_HISTORY));
    const client = server.ws(rep.token);
    dispose(() => client.dispose());
    const sub = collect(client, `subscription($id: ID!) { timelineEntryAdded(recordId: $id) { id side channel milestone { newValue } performedBy { id } } }`, { id: lead.id });
    await settled(client);
    const followUp = await logFollowUp(rep.token, { recordId: lead.id });
    await sub.waitFor(1);
    await ok(server.gql(rep.token, UPDATE_STATUS, { id: lead.id, status: "Qualified" }));
    const s = await signal(key, lead.id, new Date());
    await sub.waitFor(3);
    expect(sub.results.map((r) => r.data!.timelineEntryAdded)).toEqual([
      { id: followUp.id, side: "FOLLOW_UP", channel: "CALL", milestone: null, performedBy: { id: rep.id } },
      { id: expect.any(String), side: "MILESTONE", channel: null, milestone: { newValue: "Qualified" }, performedBy: { id: rep.id } },
      { id: s.id, side: "SIGNAL", channel: "EMAIL", milestone: null, performedBy: null },
    ]);
  });
});
