import { writeEvent } from "../../events/outbox.js";
import { UAParser } from "ua-parser-js";
import { publishDelivery, raiseSignal } from "../signals/signal.service.js";
import { SignalEvent, SignalSource } from "../signals/signal-catalog.js";
import type { RequestContext } from "../shared/context.js";
import { parsePage, toConnection, type Connection } from "../shared/connection.js";
import { badInput, conflict, notFound } from "../shared/errors.js";
import { encodeGlobalId } from "../shared/global-id.js";
import { assertEventTime } from "../shared/validation.js";
import { crmScope, type CrmScope } from "../shared/viewer.js";
import { findOrgCustomer } from "../records/records.api.js";
import type { AfterCommit } from "../records/record-lifecycle.js";
import { requireLinkedIntegration, requireSalesIq } from "./integration.service.js";
import { VisitActionType, VisitView, type VisitorType } from "./visitors.catalog.js";
import type { RecordVisitInput, VisitFilter } from "./visitors.input.js";
import * as repo from "./visitors.repo.js";
import type { Visit } from "./visitors.type.js";
import { addVisitor, autoAdds, dayIn, operatorsByEmail, orgDay, ownerFor, resolveVisitor, visitorFacts } from "./visitor.service.js";
import { orgTimeZone } from "../identity/identity.service.js";

/** A visit row as the GraphQL model. */
export function toVisit(row: repo.VisitRow): Visit {
  const campaign = row.campaign && Object.keys(row.campaign).length ? row.campaign : null;
  return {
    __typename: "Visit",
    id: encodeGlobalId("Visit", row.id),
    dbId: row.id,
    recordType: row.recordType,
    recordId: row.recordId,
    attendedById: row.attendedById,
    timeSpentSeconds: row.timeSpentSeconds,
    startedAt: row.startedAt,
    visitorId: row.visitorId,
    ip: row.ip,
    pageVisited: row.pageTitle,
    pageUrl: row.pageUrl,
    timeSpentMinutes: Math.floor(row.timeSpentSeconds / 60),
    pagesViewed: row.pagesViewed,
    referrer: row.referrer,
    userAgent: row.userAgent,
    browser: row.browser,
    os: row.os,
    visitorType: row.visitorType as VisitorType,
    revenue: Number(row.revenue),
    visitedAt: row.startedAt,
    searchEngine: row.searchEngine,
    searchKeyword: row.searchKeyword,
    city: row.city,
    state: row.state,
    country: row.country,
    campaign: campaign
      ? { source: campaign.source ?? null, medium: campaign.medium ?? null, term: campaign.term ?? null, content: campaign.content ?? null, name: campaign.name ?? null }
      : null,
  };
}

/** Browser (name and major version) and OS (name and version) from a user agent, by ua-parser-js. */
export function parseUserAgent(ua: string | null | undefined): { browser: string | null; os: string | null } {
  if (!ua) return { browser: null, os: null };
  const result = new UAParser(ua).getResult();
  const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(" ") || null;
  return { browser: join(result.browser.name, result.browser.major), os: join(result.os.name, result.os.version) };
}

const trimmed = (v: string | null | undefined) => (typeof v === "string" ? v.trim() || null : null);

/** VIS-7, VIS-8: everything about a visit that can be checked without the database. */
function validateVisit(input: RecordVisitInput, now: number) {
  const key = input.idempotencyKey.trim();
  if (!key) throw badInput("input.idempotencyKey", "cannot be blank");
  if (!input.visitorId.trim()) throw badInput("input.visitorId", "cannot be blank");
  assertEventTime(input.startedAt, "input.startedAt", now);
  (input.actions ?? []).forEach((a, i) => {
    assertEventTime(a.at, `input.actions.${i}.at`, now);
    if (!a.title.trim()) throw badInput(`input.actions.${i}.title`, "cannot be blank");
  });
  return key;
}

/**
 * VIS-7..10: stores a pushed visit once per idempotency key (a repeat returns the first visit,
 * `duplicate: true`). The visitor is matched to a lead or contact; visitor type and revenue are
 * taken from the CRM now and kept. Accessed-only new visitors are added as the settings say
 * (VIS-2). A known visitor's visit raises WEBSITE/VISIT_STARTED to the owner and watchers when
 * "visitor notifications" are on, and goes on the record's timeline when either switch is on.
 * A constant number of statements, whatever the number of actions.
 */
export async function recordVisit(ctx: RequestContext, input: RecordVisitInput): Promise<{ visit: Visit; duplicate: boolean }> {
  const { integration, row: link, settings } = await requireLinkedIntegration(ctx);
  const orgId = integration.orgId;
  const key = validateVisit(input, Date.now());
  const visitorId = input.visitorId.trim();
  const earlier = await repo.findVisitByKey(ctx.db, orgId, key);
  if (earlier) return { visit: toVisit(earlier), duplicate: true };
  const timeZone = await orgTimeZone(ctx.db, orgId);
  const [attendedById] = await operatorsByEmail(ctx.db, orgId, [input.attendedBy]);
  const actions = input.actions ?? [];
  const pagesViewed = Math.max(1, actions.filter((a) => a.type !== VisitActionType.CHAT).length);
  const chatted = input.attendedBy != null || actions.some((a) => a.type === VisitActionType.CHAT);
  const { browser, os } = parseUserAgent(input.userAgent);
  const actor = { integrationKeyId: integration.keyId };

  const stored = await ctx.db.transaction(async (tx) => {
    let who = await resolveVisitor(tx, orgId, visitorId, input.visitor);
    const after: AfterCommit[] = [];
    let facts = await visitorFacts(tx, orgId, who);
    // VIS-2 ACCESSED: a visitor who only visited; chatting visitors are added by their chat.
    if (!who && !chatted && autoAdds(settings.autoAdd, "ACCESSED")) {
      const added = await addVisitor(tx, {
        orgId,
        actor,
        settings,
        ownerId: ownerFor(settings, link.linkedAdminId!, null),
        who: input.visitor,
        source: null,
        attributes: visitAttributes(input, visitorId, browser, os),
      });
      if (added) {
        who = added.visitor;
        after.push(...added.after);
        facts = await visitorFacts(tx, orgId, who);
      }
    }
    const row = await repo.insertVisit(tx, {
      orgId,
      idempotencyKey: key,
      visitorId,
      recordType: who?.type ?? null,
      recordId: who?.id ?? null,
      startedAt: input.startedAt,
      visitDay: dayIn(input.startedAt, timeZone),
      ip: trimmed(input.ip),
      userAgent: trimmed(input.userAgent),
      browser,
      os,
      pageUrl: trimmed(input.pageUrl),
      pageTitle: trimmed(input.pageTitle),
      referrer: trimmed(input.referrer),
      searchEngine: trimmed(input.searchEngine),
      searchKeyword: trimmed(input.searchKeyword),
      city: trimmed(input.city),
      state: trimmed(input.state),
      country: trimmed(input.country),
      timeSpentSeconds: input.timeSpentSeconds ?? 0,
      pagesViewed,
      campaign: input.campaign ? (Object.fromEntries(Object.entries(input.campaign).filter(([, v]) => typeof v === "string" && v.trim())) as Record<string, string>) : null,
      visitor: input.visitor ? (Object.fromEntries(Object.entries(input.visitor).filter(([, v]) => typeof v === "string")) as Record<string, string>) : null,
      attendedById,
      attendedByEmail: trimmed(input.attendedBy),
      visitorType: facts.visitorType,
      revenue: facts.revenue.toFixed(2),
      integrationKeyId: integration.keyId,
    });
    if (!row) return null; // the key was taken meanwhile: answered below with the first visit
    await repo.insertActions(
      tx,
      actions.map((a) => ({ orgId, visitId: row.id, type: a.type, title: a.title.trim(), at: a.at, timeSpentSeconds: a.timeSpentSeconds ?? null })),
    );
    // The outbox (webhooks' VISIT_RECORDED), in the visit's transaction; ordered per record, or per visit when unknown.
    await writeEvent(tx, {
      orgId,
      type: "VISIT_RECORDED",
      record: who ? { type: who.type, id: who.id } : { type: "visit", id: row.id },
      data: {
        visit: {
          id: encodeGlobalId("Visit", row.id),
          visitorId,
          startedAt: row.startedAt.toISOString(),
          pageUrl: row.pageUrl,
          pageTitle: row.pageTitle,
          referrer: row.referrer,
          timeSpentSeconds: row.timeSpentSeconds,
          pagesViewed,
          browser: row.browser,
          os: row.os,
          visitorType: row.visitorType,
        },
        record: who ? { id: encodeGlobalId(who.type === "lead" ? "Lead" : "Contact", who.id), type: who.type.toUpperCase() } : null,
      },
    });
    if (who && (settings.notifyVisits || settings.addVisitDetails)) {
      const delivery = await raiseSignal(tx, {
        orgId,
        integrationKeyId: integration.keyId,
        customer: who,
        source: SignalSource.WEBSITE,
        event: SignalEvent.VISIT_STARTED,
        occurredAt: input.startedAt,
        summary: `${who.name} is on the website${row.pageTitle ? ` (${row.pageTitle})` : ""}`.slice(0, 500),
        details: {
          page: row.pageUrl ?? row.pageTitle ?? "",
          ...(row.referrer ? { referrer: row.referrer } : {}),
          timeSpentSeconds: row.timeSpentSeconds,
          pagesViewed,
          visitId: encodeGlobalId("Visit", row.id),
          ...(row.browser ? { browser: row.browser } : {}),
          ...(row.os ? { os: row.os } : {}),
        },
        notify: settings.notifyVisits,
      });
      after.push((c) => publishDelivery(c, delivery));
    }
    return { row, after };
  });
  if (!stored) {
    const first = await repo.findVisitByKey(ctx.db, orgId, key);
    if (!first) throw conflict("A visit with this idempotency key was being stored; retry", "input.idempotencyKey");
    return { visit: toVisit(first), duplicate: true };
  }
  for (const done of stored.after) done(ctx);
  return { visit: toVisit(stored.row), duplicate: false };
}

/** VIS-15: the attributes a visit gives a visitor added from it. */
export function visitAttributes(input: RecordVisitInput, visitorId: string, browser: string | null, os: string | null): Record<string, unknown> {
  return {
    userAgent: input.userAgent,
    referrer: input.referrer,
    browser,
    os,
    pageTitle: input.pageTitle,
    searchEngine: input.searchEngine,
    searchKeyword: input.searchKeyword,
    city: input.city,
    state: input.state,
    location: [input.city, input.state, input.country].filter(Boolean).join(", ") || null,
    ip: input.ip,
    campaignSource: input.campaign?.source,
    campaignMedium: input.campaign?.medium,
    campaignTerm: input.campaign?.term,
    campaignContent: input.campaign?.content,
    campaignName: input.campaign?.name,
    visitorId,
    name: input.visitor?.name,
    email: input.visitor?.email,
    phone: input.visitor?.phone,
  };
}

/** Who may see which visits: SalesIQ users; record-linked visits only when the record is visible to them (CORE-4). */
function visibility(ctx: RequestContext): { orgId: number; scope: CrmScope | null } {
  const viewer = requireSalesIq(ctx.viewer);
  let scope: CrmScope | null = null;
  try {
    scope = crmScope(viewer);
  } catch {
    scope = null;
  }
  return { orgId: viewer.orgId, scope };
}

const TOP_VIEWS = new Set([VisitView.TOP, VisitView.TODAY_TOP]);

/** VIS-9: one of the six list views, keyset-paginated over the index that serves it. */
export async function listVisits(
  ctx: RequestContext,
  args: { page: { first?: number | null; after?: string | null }; view: VisitView; filter?: VisitFilter | null },
): Promise<Connection<Visit>> {
  const { orgId, scope } = visibility(ctx);
  const order = TOP_VIEWS.has(args.view) ? "TOP" : "NEWEST";
  const f = args.filter;
  if (f?.from && f.to && f.from.getTime() >= f.to.getTime()) throw badInput("filter.to", "must be after filter.from");
  let record: { type: string; id: number } | null = null;
  if (f?.recordId) {
    const found = await findOrgCustomer(ctx.db, { orgId, globalId: f.recordId, field: "filter.recordId" });
    const visible = await ctx.loaders.records.byType[found.kind.type].load(found.row.id as number);
    if (!visible) throw notFound(found.kind.typename, "filter.recordId");
    record = { type: found.kind.type, id: found.row.id as number };
  }
  const day = args.view === VisitView.TODAY || args.view === VisitView.TODAY_TOP ? (await orgDay(ctx.db, orgId)).day : null;
  const cursorKey = `${args.view}:${day ?? ""}:${f?.recordId ?? ""}:${f?.from?.toISOString() ?? ""}:${f?.to?.toISOString() ?? ""}`;
  const page = parsePage(args.page, cursorKey);
  const query: repo.VisitQuery = {
    orgId,
    order,
    day,
    recordType: args.view === VisitView.LEADS ? "lead" : args.view === VisitView.CONTACTS ? "contact" : null,
    record,
    from: f?.from ?? null,
    to: f?.to ?? null,
    unknownOnly: scope === null,
    visibleOwnerId: scope && !scope.all ? scope.ownerId : null,
  };
  let after: repo.VisitPosition | null = null;
  if (page.after) {
    const v = String(page.after.value);
    if (order === "TOP") {
      const [t, p] = v.split(":").map(Number);
      if (!Number.isInteger(t) || !Number.isInteger(p)) throw badInput("after", "is not a valid cursor");
      after = { timeSpent: t!, pages: p!, id: page.after.id };
    } else {
      const at = new Date(v);
      if (Number.isNaN(at.getTime())) throw badInput("after", "is not a valid cursor");
      after = { startedAt: at, id: page.after.id };
    }
  }
  const rows = await repo.listVisits(ctx.db, { ...query, after, limit: page.limit + 1 });
  return toConnection({
    rows,
    page,
    cursorOf: (r) => ({ key: cursorKey, value: order === "TOP" ? `${r.timeSpentSeconds}:${r.pagesViewed}` : r.startedAt.toISOString(), id: r.id }),
    toNode: toVisit,
    count: () => repo.countVisits(ctx.db, query),
  });
}

/** node(id:) for visits: as visible as in the lists. */
export async function findVisibleVisit(ctx: RequestContext, id: number): Promise<Visit | null> {
  const { orgId, scope } = visibility(ctx);
  const row = await repo.findVisit(ctx.db, orgId, id);
  if (!row) return null;
  if (row.recordId !== null) {
    if (!scope) return null;
    const visible = await ctx.loaders.records.byType[row.recordType as "lead" | "contact"].load(row.recordId);
    if (!visible) return null;
  }
  return toVisit(row);
}
