import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  INGEST,
  buildSignal,
  createIntegrationKey,
  createLead,
  createOrg,
  createUser,
  expectError,
  ok,
  type TestOrg,
} from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = "Asia/Tokyo";

const LOG = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { id } }`;
const SIGNALS = `query($id: ID!) { node(id: $id) { ... on Lead { timeline(first: 50, view: SIGNALS, order: OLDEST_FIRST) {
  edges { node { id followUp { id side } secondsToFollowUp } } } } } }`;
const UNANSWERED = `query($first: Int, $after: String, $filter: UnansweredSignalFilter) {
  unansweredSignals(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id side source followUp { id } secondsToFollowUp } } } }`;
const REPORT = `query($from: DateTime!, $to: DateTime!) { signalResponseReport(from: $from, to: $to) {
  timeZone
  bySource { source signals followedUp medianSecondsToFollowUp }
  byOwner { owner { id } signals followedUp medianSecondsToFollowUp }
  byDay { date signals followedUp medianSecondsToFollowUp } } }`;
const NOTIFICATIONS = `query($filter: NotificationFilter) { notifications(first: 50, filter: $filter) { totalCount edges { node { entry { id } } } } }`;

async function followUp(token: string, recordId: string, at: Date, channel = "CALL") {
  return (await ok(server.gql(token, LOG, { input: { recordId, channel, action: "Done", occurredAt: at.toISOString() } }))).logFollowUp.id as string;
}

async function signal(key: string, recordId: string, at: Date, overrides: Record<string, unknown> = {}) {
  return (await ok(server.gql(key, INGEST, { input: buildSignal({ recordId, occurredAt: at.toISOString(), ...overrides }) }))).ingestSignal.entry.id as string;
}

async function signalsOf(token: string, leadId: string) {
  const data = await ok(server.gql(token, SIGNALS, { id: leadId }));
  return new Map(
    (data.node.timeline.edges as { node: { id: string; followUp: { id: string; side: string } | null; secondsToFollowUp: number | null } }[]).map((e) => [
      e.node.id,
      { followUp: e.node.followUp?.id ?? null, seconds: e.node.secondsToFollowUp },
    ]),
  );
}

async function unanswered(token: string, args: Record<string, unknown> = {}) {
  const data = await ok(server.gql(token, UNANSWERED, { first: 50, ...args }));
  return data.unansweredSignals as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; source: string; followUp: unknown; secondsToFollowUp: unknown } }[];
  };
}
const idsOf = (c: { edges: { node: { id: string } }[] }) => c.edges.map((e) => e.node.id);

/**
 * One hand-laid org, in Tokyo. Lead A (owned by the rep) and lead B (owned by the admin):
 *
 *   A: S1 20:00 · F1 21:00 · S2 22:00 · [Fb 22:30, logged last] · S3 23:00 · [S5 00:00, ingested
 *      late] · F2 01:00 · S4 02:00 (open) ·                       (day D from 20:00, D+1 after)
 *   B: FB 03:00 · SB 04:00 (open, a missed call)
 *
 * Expected first follow-ups: S1 → F1 (3600 s), S2 → Fb (1800 s, the backdated one logged
 * later), S3 → F2 (7200 s), S5 → F2 (3600 s); S4 and SB none (FB is on another record; B's FB is
 * before SB).
 */
interface World {
  org: TestOrg;
  rep: { id: string; token: string };
  key: string;
  a: string;
  b: string;
  base: DateTime;
  s: Record<"S1" | "S2" | "S3" | "S4" | "S5" | "SB", string>;
  f: Record<"F1" | "F2" | "Fb" | "FB", string>;
}

async function buildWorld(): Promise<World> {
  const org = await createOrg(server, { timeZone: ZONE });
  const rep = await createUser(server, org);
  const key = (await createIntegrationKey(server, org)).key;
  const a = (await createLead(server, org.adminToken, { ownerId: rep.id })).id;
  const b = (await createLead(server, org.adminToken)).id;
  // 20:00 in Tokyo ten days ago: 11:00 UTC, so the whole history is one UTC day but two Tokyo days.
  const base = DateTime.now().setZone(ZONE).minus({ days: 10 }).startOf("day").plus({ hours: 20 });
  const t = (hours: number) => base.plus({ minutes: hours * 60 }).toJSDate();
  const s = {} as World["s"];
  const f = {} as World["f"];
  s.S1 = await signal(key, a, t(0));
  f.F1 = await followUp(rep.token, a, t(1));
  s.S2 = await signal(key, a, t(2));
  s.S3 = await signal(key, a, t(3));
  f.F2 = await followUp(rep.token, a, t(5), "EMAIL");
  s.S4 = await signal(key, a, t(6));
  f.FB = await followUp(org.adminToken, b, t(7));
  s.SB = await signal(key, b, t(8), { source: "CALL", event: "MISSED_CALL", details: {} });
  s.S5 = await signal(key, a, t(4));
  f.Fb = await followUp(org.adminToken, a, t(2.5), "MEETING");
  return { org, rep, key, a, b, base, s, f };
}

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});

describe("a signal's follow-up (RESP-1)", () => {
  it("is the first follow-up after it on its record, a backdated one counting by its time", async () => {
    const { rep, a, s, f } = world;
    const signals = await signalsOf(rep.token, a);
    expect(Object.fromEntries(signals)).toEqual({
      [s.S1]: { followUp: f.F1, seconds: 3600 },
      [s.S2]: { followUp: f.Fb, seconds: 1800 },
      [s.S3]: { followUp: f.F2, seconds: 7200 },
      [s.S5]: { followUp: f.F2, seconds: 3600 },
      [s.S4]: { followUp: null, seconds: null },
    });
  });

  it("a follow-up before the signal or on another record does not count", async () => {
    const { org, b, s } = world;
    const signals = await signalsOf(org.adminToken, b);
    expect(Object.fromEntries(signals)).toEqual({ [s.SB]: { followUp: null, seconds: null } });
  });

  it("is null on follow-ups, and out of reach of users who may not view the record", async () => {
    const { org, rep, f, s } = world;
    const node = `query($id: ID!) { node(id: $id) { ... on TimelineEntry { id followUp { id } secondsToFollowUp } } }`;
    expect((await ok(server.gql(org.adminToken, node, { id: f.F1 }))).node).toEqual({ id: f.F1, followUp: null, secondsToFollowUp: null });
    // B is the admin's: the rep cannot reach SB at all; another org's admin cannot reach S1.
    expectError(await server.gql(rep.token, node, { id: s.SB }), "NOT_FOUND");
    const other = await createOrg(server);
    expectError(await server.gql(other.adminToken, node, { id: s.S1 }), "NOT_FOUND");
  });

  it("a signal ingested after its follow-up carries it at once", async () => {
    const { org, key } = world;
    const lead = (await createLead(server, org.adminToken)).id;
    const now = Date.now();
    const fu = await followUp(org.adminToken, lead, new Date(now - HOUR));
    const res = await ok(
      server.gql(key, `mutation($input: IngestSignalInput!) { ingestSignal(input: $input) { entry { followUp { id } secondsToFollowUp } } }`, {
        input: buildSignal({ recordId: lead, occurredAt: new Date(now - 2 * HOUR).toISOString() }),
      }),
    );
    expect(res.ingestSignal.entry).toEqual({ followUp: { id: fu }, secondsToFollowUp: 3600 });
  });
});

describe("unanswered signals (RESP-2)", () => {
  it("lists the open signals of the records the caller may view, newest first", async () => {
    const { org, rep, s } = world;
    const all = await unanswered(org.adminToken);
    expect(idsOf(all)).toEqual([s.SB, s.S4]);
    expect(all.totalCount).toBe(2);
    expect(all.edges[0]!.node).toMatchObject({ source: "CALL", followUp: null, secondsToFollowUp: null });
    // The rep owns A only.
    const mine = await unanswered(rep.token);
    expect(idsOf(mine)).toEqual([s.S4]);
    expect(mine.totalCount).toBe(1);
    // Another org sees nothing.
    const other = await createOrg(server);
    expect(await unanswered(other.adminToken)).toMatchObject({ totalCount: 0, edges: [] });
  });

  it("filters by owner, sources and age", async () => {
    const { org, rep, s } = world;
    expect(idsOf(await unanswered(org.adminToken, { filter: { ownerId: rep.id } }))).toEqual([s.S4]);
    expect(idsOf(await unanswered(org.adminToken, { filter: { ownerId: org.adminId } }))).toEqual([s.SB]);
    expect(idsOf(await unanswered(org.adminToken, { filter: { sources: ["CALL"] } }))).toEqual([s.SB]);
    expect(idsOf(await unanswered(org.adminToken, { filter: { sources: ["EMAIL_ANALYTICS", "SURVEY"] } }))).toEqual([s.S4]);
    // S4 is at 02:00, SB at 04:00: waiting at least as long as since 03:00 leaves S4.
    const olderThanSeconds = Math.round((Date.now() - world.base.plus({ hours: 7 }).toMillis()) / 1000);
    expect(idsOf(await unanswered(org.adminToken, { filter: { olderThanSeconds } }))).toEqual([s.S4]);
    expect(idsOf(await unanswered(org.adminToken, { filter: { olderThanSeconds: 0 } }))).toEqual([s.SB, s.S4]);
    // A plain user naming another owner sees nothing, not that owner's records.
    expect(await unanswered(rep.token, { filter: { ownerId: org.adminId } })).toMatchObject({ totalCount: 0, edges: [] });
    expect(idsOf(await unanswered(rep.token, { filter: { ownerId: rep.id } }))).toEqual([s.S4]);
  });

  it("pages with a cursor", async () => {
    const { org, s } = world;
    const first = await unanswered(org.adminToken, { first: 1 });
    expect(idsOf(first)).toEqual([s.SB]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await unanswered(org.adminToken, { first: 1, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual([s.S4]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it("rejects bad input with the field, and callers without the CRM", async () => {
    const { org } = world;
    expectError(await server.gql(org.adminToken, UNANSWERED, { first: 101 }), "BAD_USER_INPUT", "first");
    expectError(await server.gql(org.adminToken, UNANSWERED, { filter: { olderThanSeconds: -1 } }), "BAD_USER_INPUT", "filter.olderThanSeconds");
    expectError(await server.gql(org.adminToken, UNANSWERED, { filter: { ownerId: "nope" } }), "BAD_USER_INPUT", "filter.ownerId");
    expectError(await server.gql(org.adminToken, UNANSWERED, { after: "garbage" }), "BAD_USER_INPUT", "after");
    const timelineCursor = Buffer.from(JSON.stringify(["OCCURRED_AT:DESC", new Date().toISOString(), 1])).toString("base64url");
    expectError(await server.gql(org.adminToken, UNANSWERED, { after: timelineCursor }), "BAD_USER_INPUT", "after");
    const desk = await createUser(server, org, [{ app: "DESK", role: "USER" }]);
    expectError(await server.gql(desk.token, UNANSWERED, {}), "FORBIDDEN");
    expectError(await server.gql(null, UNANSWERED, {}), "UNAUTHENTICATED");
    expectError(await server.gql(world.key, UNANSWERED, {}), "UNAUTHENTICATED");
  });

  it("a follow-up closes the signals before it, and the bell's followedUp filter follows", async () => {
    const org = await createOrg(server);
    const rep = await createUser(server, org);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = (await createLead(server, org.adminToken, { ownerId: rep.id })).id;
    const now = Date.now();
    const early = await signal(key, lead, new Date(now - 3 * HOUR));
    const late = await signal(key, lead, new Date(now - HOUR));
    const bell = async (followedUp: boolean | null) =>
      ((await ok(server.gql(rep.token, NOTIFICATIONS, { filter: followedUp === null ? {} : { followedUp } }))).notifications.edges as { node: { entry: { id: string } } }[]).map(
        (e) => e.node.entry.id,
      );
    expect(idsOf(await unanswered(rep.token))).toEqual([late, early]);
    expect(await bell(false)).toEqual([late, early]);
    expect(await bell(true)).toEqual([]);

    await followUp(rep.token, lead, new Date(now - 2 * HOUR));
    expect(idsOf(await unanswered(rep.token))).toEqual([late]);
    expect(await bell(false)).toEqual([late]);
    expect(await bell(true)).toEqual([early]);
    expect(await bell(null)).toEqual([late, early]);

    await followUp(rep.token, lead, new Date(now));
    expect(await unanswered(rep.token)).toMatchObject({ totalCount: 0, edges: [] });
    expect(await bell(false)).toEqual([]);
  });
});

describe("open signals follow their record (RESP-2)", () => {
  it("to a new owner when the record is reassigned, and to the contact when a lead converts", async () => {
    const org = await createOrg(server);
    const [ann, bob] = [await createUser(server, org), await createUser(server, org)];
    const key = (await createIntegrationKey(server, org)).key;
    const lead = (await createLead(server, org.adminToken, { ownerId: ann.id })).id;
    const now = Date.now();
    const answered = await signal(key, lead, new Date(now - 3 * HOUR));
    await followUp(ann.token, lead, new Date(now - 2 * HOUR));
    const open = await signal(key, lead, new Date(now - HOUR));
    expect(idsOf(await unanswered(ann.token))).toEqual([open]);

    await ok(server.gql(org.adminToken, `mutation($id: ID!, $owner: ID!) { updateLead(id: $id, input: { ownerId: $owner }) { id } }`, { id: lead, owner: bob.id }));
    expect(idsOf(await unanswered(ann.token))).toEqual([]);
    expect(idsOf(await unanswered(bob.token))).toEqual([open]);
    expect(idsOf(await unanswered(org.adminToken, { filter: { ownerId: bob.id } }))).toEqual([open]);

    const converted = (await ok(server.gql(org.adminToken, `mutation($id: ID!) { convertLead(input: { leadId: $id }) { contact { id } } }`, { id: lead }))).convertLead.contact.id;
    expect(idsOf(await unanswered(bob.token))).toEqual([open]);
    const node = `query($id: ID!) { node(id: $id) { ... on TimelineEntry { followUp { id } } } }`;
    expect((await ok(server.gql(bob.token, node, { id: answered }))).node.followUp).not.toBeNull();
    await followUp(bob.token, converted, new Date(now));
    expect(idsOf(await unanswered(bob.token))).toEqual([]);
  });

  it("signals and follow-ups stored at the same time on one record end up linked as if one by one", async () => {
    const org = await createOrg(server);
    const key = (await createIntegrationKey(server, org)).key;
    const lead = (await createLead(server, org.adminToken)).id;
    const now = Date.now();
    // Interleaved times, stored concurrently in a shuffled order.
    const writes = Array.from({ length: 24 }, (_, i) => ({ at: new Date(now - (24 - i) * 60_000), isSignal: i % 3 !== 1 }));
    const order = writes.map((w, i) => ({ w, k: (i * 7) % 24 })).sort((a, b) => a.k - b.k);
    const stored = await Promise.all(
      order.map(async ({ w }) => ({ ...w, id: w.isSignal ? await signal(key, lead, w.at) : await followUp(org.adminToken, lead, w.at) })),
    );
    const byTime = stored.sort((a, b) => a.at.getTime() - b.at.getTime());
    const expected = Object.fromEntries(
      byTime
        .filter((e) => e.isSignal)
        .map((e) => {
          const next = byTime.find((f) => !f.isSignal && f.at > e.at);
          return [e.id, { followUp: next?.id ?? null, seconds: next ? Math.round((next.at.getTime() - e.at.getTime()) / 1000) : null }];
        }),
    );
    expect(Object.fromEntries(await signalsOf(org.adminToken, lead))).toEqual(expected);
    const open = byTime.filter((e) => e.isSignal && !byTime.some((f) => !f.isSignal && f.at > e.at)).map((e) => e.id).reverse();
    expect(idsOf(await unanswered(org.adminToken))).toEqual(open);
  });
});

describe("the response report (RESP-3)", () => {
  const period = () => ({ from: world.base.minus({ days: 1 }).toISO(), to: world.base.plus({ days: 2 }).toISO() });
  const day = (days: number) => world.base.plus({ days }).toISODate();

  it("per source, per owner and per day in the org's time zone, for a CRM admin over the org", async () => {
    const { org, rep } = world;
    const report = (await ok(server.gql(org.adminToken, REPORT, period()))).signalResponseReport;
    expect(report).toEqual({
      timeZone: ZONE,
      // S1, S2, S3, S5 followed up after 3600, 1800, 7200, 3600 s: the median is 3600.
      bySource: [
        { source: "EMAIL_ANALYTICS", signals: 5, followedUp: 4, medianSecondsToFollowUp: 3600 },
        { source: "CALL", signals: 1, followedUp: 0, medianSecondsToFollowUp: null },
      ],
      byOwner: [
        { owner: { id: rep.id }, signals: 5, followedUp: 4, medianSecondsToFollowUp: 3600 },
        { owner: { id: org.adminId }, signals: 1, followedUp: 0, medianSecondsToFollowUp: null },
      ],
      // Day D: S1, S2, S3 (3600, 1800, 7200); day D+1 from midnight in Tokyo: S5 (3600), S4, SB.
      byDay: [
        { date: day(0), signals: 3, followedUp: 3, medianSecondsToFollowUp: 3600 },
        { date: day(1), signals: 3, followedUp: 1, medianSecondsToFollowUp: 3600 },
      ],
    });
  });

  it("for a plain user over their own records; for another org, nothing", async () => {
    const { rep } = world;
    const report = (await ok(server.gql(rep.token, REPORT, period()))).signalResponseReport;
    expect(report.bySource).toEqual([{ source: "EMAIL_ANALYTICS", signals: 5, followedUp: 4, medianSecondsToFollowUp: 3600 }]);
    expect(report.byOwner).toEqual([{ owner: { id: rep.id }, signals: 5, followedUp: 4, medianSecondsToFollowUp: 3600 }]);
    const other = await createOrg(server);
    expect((await ok(server.gql(other.adminToken, REPORT, period()))).signalResponseReport).toMatchObject({ bySource: [], byOwner: [], byDay: [] });
  });

  it("counts the signals of the period only, and a median over an even count is the middle two's mean", async () => {
    const { org } = world;
    // From 21:30 on day D: S2 (1800), S3 (7200), S5 (3600), S4, SB.
    const from = world.base.plus({ minutes: 90 }).toISO();
    const to = world.base.plus({ hours: 5 }).toISO(); // S2, S3, S5: 1800, 7200, 3600
    const report = (await ok(server.gql(org.adminToken, REPORT, { from, to }))).signalResponseReport;
    expect(report.bySource).toEqual([{ source: "EMAIL_ANALYTICS", signals: 3, followedUp: 3, medianSecondsToFollowUp: 3600 }]);
    const even = (await ok(server.gql(org.adminToken, REPORT, { from, to: world.base.plus({ minutes: 210 }).toISO() }))).signalResponseReport;
    // S2 and S3: (1800 + 7200) / 2.
    expect(even.bySource).toEqual([{ source: "EMAIL_ANALYTICS", signals: 2, followedUp: 2, medianSecondsToFollowUp: 4500 }]);
  });

  it("rejects an empty or too long period", async () => {
    const { org } = world;
    const now = new Date();
    expectError(await server.gql(org.adminToken, REPORT, { from: now.toISOString(), to: now.toISOString() }), "BAD_USER_INPUT", "to");
    expectError(
      await server.gql(org.adminToken, REPORT, { from: new Date(now.getTime() - 367 * DAY).toISOString(), to: now.toISOString() }),
      "BAD_USER_INPUT",
      "to",
    );
    const desk = await createUser(server, org, [{ app: "DESK", role: "USER" }]);
    expectError(await server.gql(desk.token, REPORT, period()), "FORBIDDEN");
  });
});
