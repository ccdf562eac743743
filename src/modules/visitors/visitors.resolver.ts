import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, type ClassType } from "type-graphql";
import { User } from "../identity/identity.type.js";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import { Attachment } from "../records/note.type.js";
import type { CustomerType } from "../records/record-kind.js";
import type { RequestContext } from "../shared/context.js";
import { ConnectionType, PageArgs, parsePage, toConnection } from "../shared/connection.js";
import type { Model } from "../shared/node.type.js";
import * as chats from "./chat.service.js";
import * as integration from "./integration.service.js";
import * as rules from "./rules.service.js";
import * as visits from "./visit.service.js";
import { CustomerKind, RuleKind, VisitView } from "./visitors.catalog.js";
import {
  AddVisitorAsContactInput,
  AddVisitorAsLeadInput,
  LinkVisitorIntegrationInput,
  RecordChatInput,
  RecordVisitInput,
  VisitFilter,
  VisitorRuleInput,
  VisitorSettingsInput,
} from "./visitors.input.js";
import {
  Chat,
  ChatContext,
  LiveVisitor,
  RecordChatPayload,
  RecordVisitPayload,
  Visit,
  VisitAction,
  VisitorIntegration,
  VisitorRecord,
  VisitorRule,
  VisitorRuleEvaluation,
  VisitorSettings,
} from "./visitors.type.js";

const VisitConnection = ConnectionType("Visit", () => Visit);
const ChatConnection = ConnectionType("Chat", () => Chat);
const VisitActionConnection = ConnectionType("VisitAction", () => VisitAction);

const recordOf = (ctx: RequestContext, row: { recordType: string | null; recordId: number | null }) =>
  row.recordId === null ? null : ctx.loaders.records.byType[row.recordType as CustomerType].load(row.recordId);

@Resolver(() => VisitorIntegration)
export class VisitorIntegrationResolver {
  @Query(() => VisitorIntegration, { nullable: true, description: "VIS-1: the link with the website's visitor service; null before a key was generated. `key` for CRM admins only." })
  visitorIntegration(@Ctx() ctx: RequestContext) {
    return integration.getIntegration(ctx);
  }

  @Mutation(() => VisitorIntegration, { description: "VIS-1, CRM admins: a new integration key (the previous one stops working; link again with the new one)." })
  generateVisitorIntegrationKey(@Ctx() ctx: RequestContext) {
    return integration.generateKey(ctx);
  }

  @Mutation(() => VisitorIntegration, {
    description: "VIS-1: link (or relink) with a CRM admin's email and the integration key. Anything else: FORBIDDEN, the caller is not recognised as the CRM admin.",
  })
  linkVisitorIntegration(@Arg("input", () => LinkVisitorIntegrationInput) input: LinkVisitorIntegrationInput, @Ctx() ctx: RequestContext) {
    return integration.link(ctx, input);
  }

  @Mutation(() => VisitorIntegration, { description: "CRM admins: disable or re-enable a linked integration; pushes are refused while disabled." })
  setVisitorIntegrationEnabled(@Arg("enabled", () => Boolean) enabled: boolean, @Ctx() ctx: RequestContext) {
    return integration.setEnabled(ctx, enabled);
  }

  @Mutation(() => VisitorSettings, { description: "VIS-2..6, VIS-15, CRM admins. Partial: only the fields given change." })
  updateVisitorSettings(@Arg("input", () => VisitorSettingsInput) input: VisitorSettingsInput, @Ctx() ctx: RequestContext) {
    return integration.updateSettings(ctx, input);
  }

  @FieldResolver(() => User, { nullable: true, description: "The CRM admin the link was made with." })
  linkedAdmin(@Root() i: VisitorIntegration, @Ctx() ctx: RequestContext) {
    return i.linkedAdminId === null ? null : ctx.loaders.identity.users.load(i.linkedAdminId);
  }
}

@Resolver(() => VisitorSettings)
export class VisitorSettingsResolver {
  @FieldResolver(() => User, { nullable: true, description: "The owner of new visitors when `owner` is USER." })
  ownerUser(@Root() s: VisitorSettings, @Ctx() ctx: RequestContext) {
    return s.ownerUserId ? ctx.loaders.identity.users.load(s.ownerUserId) : null;
  }
}

@Resolver(() => Visit)
export class VisitResolver {
  @Mutation(() => RecordVisitPayload, { description: "VIS-7: push a visit with the visitor integration key. Also `POST /webhooks/visits`." })
  recordVisit(@Arg("input", () => RecordVisitInput) input: RecordVisitInput, @Ctx() ctx: RequestContext) {
    return visits.recordVisit(ctx, input);
  }

  @Query(() => VisitConnection, { description: "VIS-9: website visits (SalesIQ users; visits of records you may not view are left out)." })
  visits(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("view", () => VisitView, { defaultValue: VisitView.ALL }) view: VisitView,
    @Arg("filter", () => VisitFilter, { nullable: true }) filter: VisitFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return visits.listVisits(ctx, { page, view, filter });
  }

  @Query(() => [LiveVisitor], { description: "VIS-17: visitors with a visit in the last `withinMinutes`, ordered by the prioritisation rules (highest first), then newest." })
  async liveVisitors(
    @Arg("withinMinutes", () => Int, { defaultValue: 5 }) withinMinutes: number,
    @Arg("limit", () => Int, { defaultValue: 20, description: "At most this many, 0 to 100." }) limit: number,
    @Ctx() ctx: RequestContext,
  ) {
    const ranked = await rules.liveVisitors(ctx, withinMinutes, limit);
    return ranked.map((r) => ({ visitorId: r.visit.visitorId, priority: r.priority, lastVisit: visits.toVisit(r.visit) }));
  }

  @FieldResolver(() => VisitorRecord, { nullable: true, description: "The lead or contact; null for an unknown visitor or one you may not view." })
  record(@Root() v: Visit, @Ctx() ctx: RequestContext) {
    return recordOf(ctx, v);
  }

  @FieldResolver(() => User, { nullable: true, description: "The operator who attended the visitor." })
  attendedBy(@Root() v: Visit, @Ctx() ctx: RequestContext) {
    return v.attendedById === null ? null : ctx.loaders.identity.users.load(v.attendedById);
  }

  @FieldResolver(() => VisitActionConnection, { description: "VIS-8: in order." })
  async actions(@Root() v: Visit, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
    const page = parsePage(args, "ACTIONS");
    const rows = await ctx.loaders.visitors.actions(page).load(v.dbId);
    return toConnection({
      rows,
      page,
      cursorOf: (r) => ({ key: "ACTIONS", value: r.position, id: r.position }),
      toNode: (r) => r,
      count: () => ctx.loaders.visitors.actionCount.load(v.dbId),
    });
  }
}

@Resolver(() => Chat)
export class ChatResolver {
  @Mutation(() => RecordChatPayload, { description: "VIS-11: push a chat with the visitor integration key. Also `POST /webhooks/chats`." })
  recordChat(@Arg("input", () => RecordChatInput) input: RecordChatInput, @Ctx() ctx: RequestContext) {
    return chats.recordChat(ctx, input);
  }

  @Query(() => ChatContext, { nullable: true, description: "VIS-14: the CRM context of a visitor for the chat window; null for an unknown visitor." })
  chatContext(@Arg("visitorId", () => String) visitorId: string, @Ctx() ctx: RequestContext) {
    return chats.chatContext(ctx, visitorId);
  }

  @Mutation(() => Lead, { description: "VIS-13: add the chat's visitor as a lead (lead source Chat)." })
  addVisitorAsLead(@Arg("input", () => AddVisitorAsLeadInput) input: AddVisitorAsLeadInput, @Ctx() ctx: RequestContext) {
    return chats.addVisitorAs(ctx, CustomerKind.LEAD, input);
  }

  @Mutation(() => Contact, { description: "VIS-13: add the chat's visitor as a contact (lead source Chat), with an account by name and an optional task." })
  addVisitorAsContact(@Arg("input", () => AddVisitorAsContactInput) input: AddVisitorAsContactInput, @Ctx() ctx: RequestContext) {
    return chats.addVisitorAs(ctx, CustomerKind.CONTACT, input);
  }

  @FieldResolver(() => VisitorRecord, { nullable: true })
  record(@Root() c: Chat, @Ctx() ctx: RequestContext) {
    return recordOf(ctx, c);
  }

  @FieldResolver(() => User, { nullable: true })
  operator(@Root() c: Chat, @Ctx() ctx: RequestContext) {
    return c.operatorId === null ? null : ctx.loaders.identity.users.load(c.operatorId);
  }

  @FieldResolver(() => Attachment, { nullable: true, description: "VIS-12: the PDF transcript, downloadable at GET /attachments/<id> by those who may view the record." })
  transcript(@Root() c: Chat, @Ctx() ctx: RequestContext) {
    return c.transcriptId === null ? null : ctx.loaders.visitors.transcripts.load(c.transcriptId);
  }
}

@Resolver(() => ChatContext)
export class ChatContextResolver {
  @FieldResolver(() => VisitorRecord)
  record(@Root() c: ChatContext, @Ctx() ctx: RequestContext) {
    return ctx.loaders.records.byType[c.recordType as CustomerType].load(c.recordId);
  }
}

@Resolver(() => VisitorRule)
export class VisitorRuleResolver {
  @Query(() => [VisitorRule], { description: "VIS-16..18: the org's rules, of one kind or all." })
  visitorRules(@Arg("kind", () => RuleKind, { nullable: true }) kind: RuleKind | null, @Ctx() ctx: RequestContext) {
    return rules.listRules(ctx, kind);
  }

  @Mutation(() => VisitorRule, { description: "CRM admins. Each condition's operator and value are checked against its field's type." })
  createVisitorRule(@Arg("input", () => VisitorRuleInput) input: VisitorRuleInput, @Ctx() ctx: RequestContext) {
    return rules.createRule(ctx, input);
  }

  @Mutation(() => VisitorRule, { description: "CRM admins: replaces the rule." })
  updateVisitorRule(@Arg("id", () => ID) id: string, @Arg("input", () => VisitorRuleInput) input: VisitorRuleInput, @Ctx() ctx: RequestContext) {
    return rules.updateRule(ctx, id, input);
  }

  @Mutation(() => ID, { description: "CRM admins." })
  deleteVisitorRule(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return rules.deleteRule(ctx, id);
  }

  @Query(() => VisitorRuleEvaluation, { description: "VIS-16..18: the operators, priority and triggers that hold for the visitor now." })
  evaluateVisitorRules(@Arg("visitorId", () => String) visitorId: string, @Ctx() ctx: RequestContext) {
    return rules.evaluateVisitorRules(ctx, visitorId);
  }

  @FieldResolver(() => [User], { description: "ASSIGNMENT: the operators." })
  async operators(@Root() r: VisitorRule, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.identity.users.loadMany(r.operatorIdsDb)).filter((u): u is User => !!u && !(u instanceof Error));
  }
}

@Resolver(() => VisitorRuleEvaluation)
export class VisitorRuleEvaluationResolver {
  @FieldResolver(() => [User])
  async operators(@Root() e: VisitorRuleEvaluation, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.identity.users.loadMany(e.operatorIds)).filter((u): u is User => !!u && !(u instanceof Error));
  }
}

/** `visits` and `chats` on leads and contacts: the visitors module's fields on records' types (CORE-4: the record is visible). */
function CustomerVisitsResolver<T extends Model>(objectType: ClassType<T>, recordType: "lead" | "contact") {
  @Resolver(() => objectType)
  abstract class CustomerVisits {
    @FieldResolver(() => VisitConnection, { description: "Website visits of this person, newest first." })
    async visits(@Root() record: T, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
      const page = parsePage(args, "VISITS");
      const rows = await ctx.loaders.visitors.visits[recordType](page).load(record.dbId);
      return toConnection({
        rows,
        page,
        cursorOf: (r) => ({ key: "VISITS", value: r.startedAt.toISOString(), id: r.id }),
        toNode: visits.toVisit,
        count: () => ctx.loaders.visitors.visitCount[recordType].load(record.dbId),
      });
    }

    @FieldResolver(() => ChatConnection, { description: "Website chats with this person, newest first." })
    async chats(@Root() record: T, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext) {
      const page = parsePage(args, "CHATS");
      const rows = await ctx.loaders.visitors.chats[recordType](page).load(record.dbId);
      return toConnection({
        rows,
        page,
        cursorOf: (r) => ({ key: "CHATS", value: r.startedAt.toISOString(), id: r.id }),
        toNode: chats.toChat,
        count: () => ctx.loaders.visitors.chatCount[recordType].load(record.dbId),
      });
    }
  }
  return CustomerVisits;
}

@Resolver(() => Lead)
export class LeadVisitsResolver extends CustomerVisitsResolver(Lead, "lead") {}

@Resolver(() => Contact)
export class ContactVisitsResolver extends CustomerVisitsResolver(Contact, "contact") {}
