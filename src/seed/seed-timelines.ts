import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { fieldValueHistory, interactions, picklistFields } from "../db/schema/index.js";
import { defaultSummary, SignalEvent, SignalSource } from "../modules/signals/signal-catalog.js";
import { signalValues } from "../modules/signals/signal.service.js";
import { milestoneValues, type EntryValues } from "../modules/timeline/timeline.model.js";
import type { CustomerType } from "../modules/records/record-kind.js";
import { computeAverages, linkAllFollowUps } from "../modules/timeline/timeline.repo.js";
import { Channel, FollowUpStatus, TimelineSide } from "../modules/timeline/timeline-entry.type.js";

type Row = EntryValues;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoCustomer {
  type: CustomerType;
  id: number;
  name: string;
  ownerId: number;
  createdAt: Date;
  /** Leads: the current status, which the demo milestones lead up to. */
  status?: string | null;
}

/** What happens between a rep and a customer, as building blocks of a demo history. */
const EPISODES: ((at: number, c: DemoCustomer, n: number) => Row[])[] = [
  (at, c, n) => [
    followUp(c, at, Channel.EMAIL, "Email sent", FollowUpStatus.DELIVERED, { subject: `Proposal v${n}` }),
    signal(c, at + 2 * HOUR, SignalSource.EMAIL_ANALYTICS, SignalEvent.EMAIL_OPENED, { subject: `Proposal v${n}` }),
    signal(c, at + 3 * HOUR, SignalSource.EMAIL_ANALYTICS, SignalEvent.EMAIL_CLICKED, { subject: `Proposal v${n}`, url: "https://demo.example/pricing" }),
  ],
  (at, c) => [
    followUp(c, at, Channel.CALL, "Call placed", FollowUpStatus.UNANSWERED, {}),
    followUp(c, at + DAY, Channel.CALL, "Call placed", FollowUpStatus.ANSWERED, { durationSeconds: 420 }),
  ],
  (at, c, n) => [signal(c, at, SignalSource.SURVEY, SignalEvent.SURVEY_RESPONDED, { surveyName: "Customer satisfaction", questionsAnswered: 3 + (n % 6) })],
  (at, c, n) => [signal(c, at, SignalSource.WEBSITE, SignalEvent.VISIT_STARTED, { page: "https://demo.example/pricing", timeSpentSeconds: 60 + n * 17, pagesViewed: 1 + (n % 7) })],
  (at, c, n) => [
    signal(c, at, SignalSource.DESK, SignalEvent.TICKET_CREATED, { ticketNumber: `#${1000 + n}`, subject: "Cannot log in" }),
    followUp(c, at + 4 * HOUR, Channel.DESK, "Comment added", FollowUpStatus.CLOSED, { ticketNumber: `#${1000 + n}` }),
  ],
  (at, c) => [followUp(c, at, Channel.MEETING, "Meeting held", null, { agenda: "Demo and pricing" })],
];

function followUp(c: DemoCustomer, at: number, channel: Channel, action: string, status: FollowUpStatus | null, details: Record<string, unknown>): Row {
  return { recordType: c.type, recordId: c.id, side: TimelineSide.FOLLOW_UP, channel, event: action, status, actorUserId: c.ownerId, occurredAt: new Date(at), summary: action, details };
}

const signal = (c: DemoCustomer, at: number, source: SignalSource, event: SignalEvent, details: Record<string, unknown>): Row =>
  signalValues({ recordType: c.type, recordId: c.id, source, event, occurredAt: new Date(at), summary: defaultSummary(event, details, c.name), details });

/**
 * Demo timelines (TL-1..9): a few episodes per customer over the last 60 days, lead status history
 * switched on 60 days ago with the milestones that lead to each lead's current status, and the
 * module averages computed, so the idle state shows at once.
 */
export async function seedTimelines(tx: Db, orgId: number, customers: DemoCustomer[], rand: () => number, now = Date.now()) {
  const rows: Row[] = [];
  const history: (typeof fieldValueHistory.$inferInsert)[] = [];
  const start = now - 60 * DAY;
  customers.forEach((c, n) => {
    let at = Math.max(start, c.createdAt.getTime()) + rand() * 3 * DAY;
    const episodes = 2 + Math.floor(rand() * 4);
    for (let e = 0; e < episodes && at < now - DAY; e++) {
      rows.push(...EPISODES[Math.floor(rand() * EPISODES.length)]!(at, c, n + e));
      at += (1 + rand() * 12) * DAY;
    }
    const path = c.type === "lead" ? { Contacted: ["Contacted"], Qualified: ["Contacted", "Qualified"], Junk: ["Contacted", "Junk"] }[c.status ?? ""] : undefined;
    let old = "Not Contacted";
    path?.forEach((value, k) => {
      const changedAt = new Date(Math.min(now - HOUR, Math.max(start, c.createdAt.getTime()) + (k + 1) * 9 * DAY + rand() * DAY));
      const change = { field: "status", oldValue: old, newValue: value, changedAt, changedBy: c.ownerId };
      history.push({ orgId, recordType: "lead", recordId: c.id, ...change });
      rows.push(milestoneValues("lead", c.id, change));
      old = value;
    });
  });
  await tx
    .update(picklistFields)
    .set({ historyEnabledAt: new Date(start) })
    .where(and(eq(picklistFields.orgId, orgId), eq(picklistFields.module, "LEADS"), eq(picklistFields.field, "status")));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(interactions).values(rows.slice(i, i + 500).map((r) => ({ ...r, orgId })));
  if (history.length) await tx.insert(fieldValueHistory).values(history);
  await linkAllFollowUps(tx, orgId);
  await computeAverages(tx, orgId);
  return rows.length;
}
