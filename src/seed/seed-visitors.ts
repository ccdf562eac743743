import { DateTime } from "luxon";
import type { Db } from "../db/client.js";
import { attachments, chats, visitActions, visitorIntegrations, visitorRules, visits } from "../db/schema/index.js";
import { generateSecret, hashSecret, INTEGRATION_KEY_PREFIX } from "../modules/identity/secret.js";
import * as identityRepo from "../modules/identity/identity.repo.js";
import { DEFAULT_SETTINGS } from "../modules/visitors/integration.service.js";
import { renderTranscript } from "../modules/visitors/transcript.js";
import { parseUserAgent } from "../modules/visitors/visit.service.js";
import { dayIn } from "../modules/visitors/visitor.service.js";

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
];
const PAGES = [
  ["Home", "https://www.demo.example/"],
  ["Pricing", "https://www.demo.example/pricing"],
  ["Features", "https://www.demo.example/features"],
  ["Case studies", "https://www.demo.example/customers"],
  ["Contact us", "https://www.demo.example/contact"],
] as const;
const CITIES = [["Tokyo", "Tokyo"], ["Osaka", "Osaka"], ["Yokohama", "Kanagawa"], ["London", "England"], ["Berlin", "Berlin"]] as const;

export interface VisitorSeedPeople {
  leads: { id: number; email: string; name: string }[];
  contacts: { id: number; email: string; name: string }[];
}

/** A visitor integration key for the demo org, linked by its admin and enabled. */
export async function linkDemoVisitors(db: Db, orgId: number, adminId: number): Promise<string> {
  const key = generateSecret(INTEGRATION_KEY_PREFIX);
  const row = await identityRepo.insertIntegrationKey(db, { orgId, name: "Website visitors (SalesIQ)", keyHash: hashSecret(key), signingSecret: null, createdBy: adminId });
  await db
    .insert(visitorIntegrations)
    .values({ orgId, keyId: row.id, key, linkedAdminId: adminId, enabled: true, settings: { ...DEFAULT_SETTINGS } as unknown as Record<string, unknown> })
    .onConflictDoUpdate({ target: visitorIntegrations.orgId, set: { keyId: row.id, key, linkedAdminId: adminId, enabled: true } });
  return key;
}

/**
 * The demo's website visitors: 150 visits over 30 days (a third of them today), many by known
 * leads and contacts (the README's Ada among them), a few long "top" ones; chats with PDF
 * transcripts, one in Japanese; and a prioritisation and a trigger rule.
 */
export async function seedVisitors(tx: Db, args: { orgId: number; adminId: number; operatorIds: number[]; timeZone: string; people: VisitorSeedPeople; rand: () => number }) {
  const { orgId, rand } = args;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const now = Date.now();
  // "Today" is the org's day: shortly after its midnight, today's visits fit in the minutes since.
  const sinceMidnight = now - DateTime.fromMillis(now, { zone: args.timeZone }).startOf("day").toMillis();
  const todayWindow = Math.min(6 * 3_600_000, Math.max(0, sinceMidnight - 1));
  const visitRows: (typeof visits.$inferInsert)[] = [];
  const who: ({ type: "lead" | "contact"; id: number; email: string; name: string } | null)[] = [];
  for (let i = 0; i < 150; i++) {
    const today = i % 3 === 0;
    const startedAt = new Date(now - (today ? Math.floor(rand() * todayWindow) : Math.floor((1 + rand() * 29) * 86_400_000)));
    const r = rand();
    const person = i === 0 ? { type: "lead" as const, ...args.people.leads[0]! } : r < 0.35 ? { type: "lead" as const, ...pick(args.people.leads) } : r < 0.6 ? { type: "contact" as const, ...pick(args.people.contacts) } : null;
    const [title, url] = pick(PAGES);
    const [city, state] = pick(CITIES);
    const ua = pick(AGENTS);
    const top = i % 25 === 0;
    const timeSpentSeconds = top ? 1800 + Math.floor(rand() * 1800) : Math.floor(rand() * 600);
    const pagesViewed = top ? 8 + Math.floor(rand() * 5) : 1 + Math.floor(rand() * 4);
    who.push(person);
    visitRows.push({
      orgId,
      idempotencyKey: `demo-visit-${i}`,
      visitorId: person ? `demo-visitor-${person.type}-${person.id}` : `demo-visitor-anon-${i}`,
      recordType: person?.type ?? null,
      recordId: person?.id ?? null,
      startedAt,
      visitDay: dayIn(startedAt, args.timeZone),
      ip: `203.0.113.${i % 250}`,
      userAgent: ua,
      ...parseUserAgent(ua),
      pageUrl: url,
      pageTitle: title,
      referrer: pick(["https://www.google.com/", "https://news.example/", null]),
      searchEngine: pick(["Google", "Bing", null]),
      searchKeyword: pick(["crm software", "sales pipeline", null]),
      city,
      state,
      country: city === "London" ? "United Kingdom" : city === "Berlin" ? "Germany" : "Japan",
      timeSpentSeconds,
      pagesViewed,
      campaign: i % 5 === 0 ? { source: "newsletter", medium: "email", name: "autumn-launch" } : null,
      visitor: person ? { email: person.email, name: person.name } : null,
      attendedById: i % 7 === 0 ? pick(args.operatorIds) : null,
      visitorType: person ? (person.type === "lead" ? "LEAD" : "CONTACT") : "UNKNOWN",
      revenue: "0",
    });
  }
  const inserted = await tx.insert(visits).values(visitRows).returning({ id: visits.id, startedAt: visits.startedAt, pagesViewed: visits.pagesViewed });
  await tx.insert(visitActions).values(
    inserted.flatMap((v) =>
      Array.from({ length: v.pagesViewed }, (_, n) => ({
        orgId,
        visitId: v.id,
        type: n === 0 ? "ACCESS" : "NAVIGATE",
        title: PAGES[n % PAGES.length]![0],
        at: new Date(v.startedAt.getTime() + n * 45_000),
        timeSpentSeconds: 45,
      })),
    ),
  );

  const transcripts = [
    {
      person: { type: "lead" as const, ...args.people.leads[0]! },
      subject: "Pricing for 20 seats",
      messages: [
        { from: "VISITOR", name: args.people.leads[0]!.name, text: "Hi, what would 20 seats cost per month?" },
        { from: "OPERATOR", name: "Demo Admin", text: "Hello Ada! The Professional plan is 2,400 USD a month for 20 seats." },
        { from: "VISITOR", name: args.people.leads[0]!.name, text: "Great, please send me a quote." },
      ],
    },
    {
      person: { type: "contact" as const, ...args.people.contacts[0]! },
      subject: "料金プランのご相談",
      messages: [
        { from: "VISITOR", name: args.people.contacts[0]!.name, text: "こんにちは、料金プランについて教えてください。" },
        { from: "OPERATOR", name: "Aiko Sato", text: "はい、スタンダードプランは月額5,000円です。" },
      ],
    },
  ];
  for (const [i, t] of transcripts.entries()) {
    const startedAt = new Date(now - (i + 1) * 3_600_000);
    const messages = t.messages.map((m, n) => ({ ...m, at: new Date(startedAt.getTime() + n * 60_000).toISOString() }));
    const pdf = await renderTranscript({ title: t.subject, visitor: t.person.name, operator: null, startedAt, endedAt: new Date(startedAt.getTime() + 10 * 60_000), question: null, messages });
    const [file] = await tx
      .insert(attachments)
      .values({ orgId, recordType: t.person.type, recordId: t.person.id, fileName: `${t.subject}.pdf`, contentType: "application/pdf", size: pdf.length, data: pdf, createdBy: null })
      .returning({ id: attachments.id });
    await tx.insert(chats).values({
      orgId,
      idempotencyKey: `demo-chat-${i}`,
      visitorId: `demo-visitor-${t.person.type}-${t.person.id}`,
      recordType: t.person.type,
      recordId: t.person.id,
      attended: true,
      operatorId: args.adminId,
      subject: t.subject,
      startedAt,
      endedAt: new Date(startedAt.getTime() + 10 * 60_000),
      visitor: { email: t.person.email, name: t.person.name },
      messages,
      transcriptId: file!.id,
    });
  }
  await tx.insert(chats).values({
    orgId,
    idempotencyKey: "demo-chat-unattended",
    visitorId: "demo-visitor-anon-1",
    attended: false,
    question: "Do you integrate with our phone system?",
    startedAt: new Date(now - 30 * 60_000),
    visitor: { email: "curious@visitor.example" },
  });
  await tx.insert(visitorRules).values([
    {
      orgId,
      kind: "PRIORITY",
      name: "Open deals first",
      match: "ANY",
      conditions: [{ subject: "OPEN_DEAL_COUNT", field: null, operator: "GTE", value: 1, type: "NUMBER" }],
      priority: 10,
    },
    {
      orgId,
      kind: "TRIGGER",
      name: "Greet customers",
      match: "ALL",
      conditions: [{ subject: "VISITOR_TYPE", field: null, operator: "IN", value: ["CUSTOMER", "DEAL"], type: "VISITOR_TYPE" }],
      trigger: { on: "ANY_PAGE", action: "SHOW_MESSAGE", message: "Welcome back! Can we help with anything?", delaySeconds: 15 },
    },
  ]);
}
