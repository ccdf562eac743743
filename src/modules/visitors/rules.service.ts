import type { Db } from "../../db/client.js";
import { requireActiveUser } from "../identity/identity.service.js";
import { CustomFieldType } from "../records/customization.type.js";
import { customFieldTypes, customerDealFacts, findCustomer } from "../records/records.api.js";
import type { CustomerType } from "../records/record-kind.js";
import type { RequestContext } from "../shared/context.js";
import { badInput, notFound } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { requireCrmAdmin } from "../shared/viewer.js";
import { requireSalesIq } from "./integration.service.js";
import { ConditionOperator, ConditionSubject, RuleKind, RuleMatch, VisitorType, type TriggerAction, type TriggerOn } from "./visitors.catalog.js";
import type { VisitorRuleInput } from "./visitors.input.js";
import * as repo from "./visitors.repo.js";
import type { VisitorRule, VisitorRuleEvaluation, VisitorTrigger } from "./visitors.type.js";
import { visitorFacts } from "./visitor.service.js";

type FieldType = CustomFieldType;
const T = CustomFieldType;

/** The standard fields rules may read, with their types; custom fields come from the org's settings. */
const STANDARD_FIELDS: Record<CustomerType, Record<string, FieldType>> = {
  lead: { firstName: T.TEXT, lastName: T.TEXT, company: T.TEXT, email: T.TEXT, phone: T.TEXT, status: T.PICKLIST, source: T.PICKLIST, annualRevenue: T.NUMBER, employees: T.NUMBER },
  contact: { firstName: T.TEXT, lastName: T.TEXT, email: T.TEXT, phone: T.TEXT, source: T.PICKLIST },
};

const OPERATORS: Record<FieldType | "VISITOR_TYPE", ConditionOperator[]> = {
  NUMBER: [ConditionOperator.EQ, ConditionOperator.NEQ, ConditionOperator.GT, ConditionOperator.GTE, ConditionOperator.LT, ConditionOperator.LTE, ConditionOperator.IN],
  DATE: [ConditionOperator.EQ, ConditionOperator.NEQ, ConditionOperator.GT, ConditionOperator.GTE, ConditionOperator.LT, ConditionOperator.LTE],
  TEXT: [ConditionOperator.EQ, ConditionOperator.NEQ, ConditionOperator.CONTAINS, ConditionOperator.IN],
  PICKLIST: [ConditionOperator.EQ, ConditionOperator.NEQ, ConditionOperator.IN],
  BOOLEAN: [ConditionOperator.EQ, ConditionOperator.NEQ],
  VISITOR_TYPE: [ConditionOperator.EQ, ConditionOperator.NEQ, ConditionOperator.IN],
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function valueFits(type: FieldType | "VISITOR_TYPE", v: unknown): boolean {
  switch (type) {
    case "NUMBER":
      return typeof v === "number" && Number.isFinite(v);
    case "DATE":
      return typeof v === "string" && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));
    case "BOOLEAN":
      return typeof v === "boolean";
    case "VISITOR_TYPE":
      return typeof v === "string" && (Object.values(VisitorType) as string[]).includes(v);
    default:
      return typeof v === "string" && v.length <= 1000;
  }
}

interface StoredCondition {
  subject: ConditionSubject;
  field: string | null;
  operator: ConditionOperator;
  value: unknown;
  /** The field's type when saved. */
  type: FieldType | "VISITOR_TYPE";
}

/** VIS-16..18: every condition's operator and value checked against its field's type; kind-specific parts required. */
async function validateRule(db: Db, orgId: number, input: VisitorRuleInput) {
  if (!input.name.trim()) throw badInput("input.name", "cannot be blank");
  const typesOf = new Map<CustomerType, Map<string, FieldType>>();
  const fieldsOf = async (t: CustomerType) => {
    if (!typesOf.has(t)) typesOf.set(t, new Map([...Object.entries(STANDARD_FIELDS[t]), ...(await customFieldTypes(db, { orgId, type: t }))]) as Map<string, FieldType>);
    return typesOf.get(t)!;
  };
  const conditions: StoredCondition[] = [];
  for (const [i, c] of input.conditions.entries()) {
    const path = `input.conditions.${i}`;
    let type: FieldType | "VISITOR_TYPE";
    let field: string | null = null;
    if (c.subject === ConditionSubject.LEAD_FIELD || c.subject === ConditionSubject.CONTACT_FIELD) {
      field = c.field?.trim() || null;
      if (!field) throw badInput(`${path}.field`, "name the field");
      const t = (await fieldsOf(c.subject === ConditionSubject.LEAD_FIELD ? "lead" : "contact")).get(field);
      if (!t) throw badInput(`${path}.field`, `"${field}" is not a field of ${c.subject === ConditionSubject.LEAD_FIELD ? "leads" : "contacts"}`);
      type = t;
    } else {
      if (c.field != null) throw badInput(`${path}.field`, `${c.subject} takes no field`);
      type = c.subject === ConditionSubject.VISITOR_TYPE ? "VISITOR_TYPE" : T.NUMBER;
    }
    if (!OPERATORS[type].includes(c.operator)) throw badInput(`${path}.operator`, `${c.operator} does not apply to a ${type} value; use ${OPERATORS[type].join(", ")}`);
    if (c.operator === ConditionOperator.IN) {
      if (!Array.isArray(c.value) || c.value.length === 0 || c.value.length > 100 || !c.value.every((v) => valueFits(type, v))) {
        throw badInput(`${path}.value`, `IN takes a list of 1 to 100 ${type} values`);
      }
    } else if (!valueFits(type, c.value)) {
      throw badInput(`${path}.value`, `must be a ${type} value`);
    }
    conditions.push({ subject: c.subject, field, operator: c.operator, value: c.value, type });
  }
  const operatorIds: number[] = [];
  if (input.kind === RuleKind.ASSIGNMENT) {
    if (!input.operatorIds?.length) throw badInput("input.operatorIds", "an assignment rule names at least one operator");
    for (const [i, id] of input.operatorIds.entries()) {
      const userId = decodeIdOfType(id, "User", `input.operatorIds.${i}`);
      await requireActiveUser(db, orgId, userId, `input.operatorIds.${i}`);
      if (!operatorIds.includes(userId)) operatorIds.push(userId);
    }
  } else if (input.operatorIds?.length) throw badInput("input.operatorIds", "only assignment rules have operators");
  if (input.kind === RuleKind.PRIORITY && input.priority == null) throw badInput("input.priority", "a prioritisation rule has a priority");
  if (input.kind !== RuleKind.PRIORITY && input.priority != null) throw badInput("input.priority", "only prioritisation rules have a priority");
  if (input.kind === RuleKind.TRIGGER && !input.trigger) throw badInput("input.trigger", "a trigger rule says what to do");
  if (input.kind !== RuleKind.TRIGGER && input.trigger) throw badInput("input.trigger", "only trigger rules have a trigger");
  if (input.trigger?.action === "SHOW_MESSAGE" && !input.trigger.message?.trim()) throw badInput("input.trigger.message", "SHOW_MESSAGE needs a message");
  return {
    kind: input.kind,
    name: input.name.trim(),
    match: input.match,
    conditions,
    operatorIds,
    priority: input.kind === RuleKind.PRIORITY ? input.priority! : null,
    trigger: input.trigger ? { on: input.trigger.on, action: input.trigger.action, message: input.trigger.message?.trim() || null, delaySeconds: input.trigger.delaySeconds ?? 0 } : null,
  };
}

export function toRule(row: repo.RuleRow): VisitorRule {
  return {
    __typename: "VisitorRule",
    id: encodeGlobalId("VisitorRule", row.id),
    dbId: row.id,
    operatorIdsDb: row.operatorIds,
    kind: row.kind as RuleKind,
    name: row.name,
    match: row.match as RuleMatch,
    conditions: row.conditions.map((c) => ({ subject: c.subject as ConditionSubject, field: c.field ?? null, operator: c.operator as ConditionOperator, value: c.value })),
    priority: row.priority,
    trigger: row.trigger ? { on: row.trigger.on as TriggerOn, action: row.trigger.action as TriggerAction, message: row.trigger.message ?? null, delaySeconds: row.trigger.delaySeconds } : null,
  };
}

export async function createRule(ctx: RequestContext, input: VisitorRuleInput) {
  const viewer = requireCrmAdmin(ctx.viewer);
  const values = await validateRule(ctx.db, viewer.orgId, input);
  return toRule(await repo.insertRule(ctx.db, { orgId: viewer.orgId, ...values }));
}

export async function updateRule(ctx: RequestContext, id: string, input: VisitorRuleInput) {
  const viewer = requireCrmAdmin(ctx.viewer);
  const ruleId = decodeIdOfType(id, "VisitorRule", "id");
  if (!(await repo.findRule(ctx.db, viewer.orgId, ruleId))) throw notFound("VisitorRule", "id");
  const values = await validateRule(ctx.db, viewer.orgId, input);
  const row = await repo.updateRule(ctx.db, viewer.orgId, ruleId, values);
  if (!row) throw notFound("VisitorRule", "id");
  return toRule(row);
}

export async function deleteRule(ctx: RequestContext, id: string) {
  const viewer = requireCrmAdmin(ctx.viewer);
  const ruleId = decodeIdOfType(id, "VisitorRule", "id");
  if (!(await repo.deleteRule(ctx.db, viewer.orgId, ruleId))) throw notFound("VisitorRule", "id");
  return id;
}

export async function listRules(ctx: RequestContext, kind: RuleKind | null) {
  const viewer = requireSalesIq(ctx.viewer);
  return (await repo.listRules(ctx.db, viewer.orgId, kind)).map(toRule);
}

export async function findVisibleRule(ctx: RequestContext, id: number) {
  const viewer = requireSalesIq(ctx.viewer);
  const row = await repo.findRule(ctx.db, viewer.orgId, id);
  return row ? toRule(row) : null;
}

/** What rule conditions read about a visitor now. */
export interface VisitorFacts {
  type: CustomerType | null;
  fields: Record<string, unknown>;
  openDealCount: number;
  openDealAmount: number;
  visitorType: VisitorType;
}

function compare(op: ConditionOperator, type: FieldType | "VISITOR_TYPE", actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined) return op === ConditionOperator.NEQ;
  if (op === ConditionOperator.IN) return (expected as unknown[]).some((e) => compare(ConditionOperator.EQ, type, actual, e));
  if (type === "NUMBER" || type === "DATE") {
    const a = type === "NUMBER" ? Number(actual) : Date.parse(String(actual));
    const e = type === "NUMBER" ? Number(expected) : Date.parse(String(expected));
    switch (op) {
      case ConditionOperator.EQ: return a === e;
      case ConditionOperator.NEQ: return a !== e;
      case ConditionOperator.GT: return a > e;
      case ConditionOperator.GTE: return a >= e;
      case ConditionOperator.LT: return a < e;
      case ConditionOperator.LTE: return a <= e;
      default: return false;
    }
  }
  if (type === "BOOLEAN") return op === ConditionOperator.EQ ? actual === expected : actual !== expected;
  const a = String(actual).toLowerCase();
  const e = String(expected).toLowerCase();
  switch (op) {
    case ConditionOperator.EQ: return a === e;
    case ConditionOperator.NEQ: return a !== e;
    case ConditionOperator.CONTAINS: return a.includes(e);
    default: return false;
  }
}

/** Does one condition hold for the visitor? A lead field of a contact (and the reverse) never holds. */
export function conditionHolds(c: StoredCondition, f: VisitorFacts): boolean {
  switch (c.subject) {
    case ConditionSubject.LEAD_FIELD:
    case ConditionSubject.CONTACT_FIELD:
      if (f.type !== (c.subject === ConditionSubject.LEAD_FIELD ? "lead" : "contact")) return false;
      return compare(c.operator, c.type, f.fields[c.field!], c.value);
    case ConditionSubject.OPEN_DEAL_COUNT:
      return compare(c.operator, T.NUMBER, f.openDealCount, c.value);
    case ConditionSubject.OPEN_DEAL_AMOUNT:
      return compare(c.operator, T.NUMBER, f.openDealAmount, c.value);
    case ConditionSubject.VISITOR_TYPE:
      return compare(c.operator, "VISITOR_TYPE", f.visitorType, c.value);
  }
}

/** ALL: every condition holds (none: always); ANY: at least one does. */
export function ruleHolds(rule: repo.RuleRow, f: VisitorFacts): boolean {
  const conditions = rule.conditions as unknown as StoredCondition[];
  return rule.match === RuleMatch.ANY ? conditions.some((c) => conditionHolds(c, f)) : conditions.every((c) => conditionHolds(c, f));
}

/** The CRM facts about a visitor now, whoever owns the record (the rules are the org's). */
export async function factsOf(db: Db, orgId: number, visitorId: string): Promise<VisitorFacts> {
  const tied = await repo.findVisitorRecord(db, orgId, visitorId);
  const found = tied ? await findCustomer(db, { orgId, customer: { type: tied.recordType as CustomerType, id: tied.recordId } }) : null;
  if (!tied || !found) return { type: null, fields: {}, openDealCount: 0, openDealAmount: 0, visitorType: VisitorType.UNKNOWN };
  const row = found.row as Record<string, unknown> & { id: number; ownerId: number };
  const type = tied.recordType as CustomerType;
  const facts = await visitorFacts(db, orgId, { type, id: row.id, ownerId: row.ownerId, name: "" });
  return {
    type,
    fields: { ...((row.customFields as Record<string, unknown>) ?? {}), ...row },
    openDealCount: facts.openCount,
    openDealAmount: facts.openAmount,
    visitorType: facts.visitorType,
  };
}

export function evaluate(rules: repo.RuleRow[], f: VisitorFacts): VisitorRuleEvaluation {
  const operatorIds: number[] = [];
  let priority: number | null = null;
  const triggers: VisitorTrigger[] = [];
  for (const rule of rules) {
    if (!ruleHolds(rule, f)) continue;
    if (rule.kind === RuleKind.ASSIGNMENT) for (const id of rule.operatorIds) if (!operatorIds.includes(id)) operatorIds.push(id);
    if (rule.kind === RuleKind.PRIORITY && rule.priority !== null) priority = priority === null ? rule.priority : Math.max(priority, rule.priority);
    if (rule.kind === RuleKind.TRIGGER && rule.trigger) {
      triggers.push({ on: rule.trigger.on as TriggerOn, action: rule.trigger.action as TriggerAction, message: rule.trigger.message ?? null, delaySeconds: rule.trigger.delaySeconds, ruleName: rule.name });
    }
  }
  return { operatorIds, priority, triggers };
}

/** VIS-16..18 for the website widget and operators: the operators, priority and triggers that hold for the visitor now. */
export async function evaluateVisitorRules(ctx: RequestContext, visitorId: string): Promise<VisitorRuleEvaluation> {
  const viewer = requireSalesIq(ctx.viewer);
  const id = visitorId.trim();
  if (!id) throw badInput("visitorId", "cannot be blank");
  const [rules, facts] = await Promise.all([repo.listRules(ctx.db, viewer.orgId), factsOf(ctx.db, viewer.orgId, id)]);
  return evaluate(rules, facts);
}

/** VIS-17: visitors with a visit in the last `withinMinutes`, by priority (highest first, no priority last), then newest. */
export async function liveVisitors(ctx: RequestContext, withinMinutes: number, first: number) {
  const viewer = requireSalesIq(ctx.viewer);
  if (!Number.isInteger(withinMinutes) || withinMinutes < 1 || withinMinutes > 1440) throw badInput("withinMinutes", "must be between 1 and 1440");
  if (!Number.isInteger(first) || first < 0 || first > 100) throw badInput("limit", "must be between 0 and 100");
  const since = new Date(Date.now() - withinMinutes * 60_000);
  const [rules, visits] = await Promise.all([
    repo.listRules(ctx.db, viewer.orgId, RuleKind.PRIORITY),
    repo.liveVisits(ctx.db, viewer.orgId, since, 500),
  ]);
  // CORE-4: a visitor whose record the viewer may not view is left out; unknown visitors are shown.
  const visible = await Promise.all(visits.map((v) => (v.recordId === null ? true : ctx.loaders.records.byType[v.recordType as CustomerType].load(v.recordId).then(Boolean))));
  const ranked = [];
  for (const v of visits.filter((_, i) => visible[i])) {
    const priority = rules.length ? evaluate(rules, await factsOf(ctx.db, viewer.orgId, v.visitorId)).priority : null;
    ranked.push({ visit: v, priority });
  }
  ranked.sort((a, b) => (b.priority ?? -Infinity) - (a.priority ?? -Infinity) || b.visit.startedAt.getTime() - a.visit.startedAt.getTime());
  return ranked.slice(0, first);
}

export { customerDealFacts };
