import type { RecordLinkedTable } from "../../db/record-links.js";
import { chats, visits } from "../../db/schema/index.js";
import { defineModule } from "../shared/module.js";
import { tieVisitor } from "./visitors.repo.js";
import { findVisibleChat, toChat } from "./chat.service.js";
import { findVisibleRule } from "./rules.service.js";
import { findVisibleVisit } from "./visit.service.js";
import { createVisitorLoaders } from "./visitors.loaders.js";
import {
  ChatContextResolver,
  ChatResolver,
  ContactVisitsResolver,
  LeadVisitsResolver,
  VisitResolver,
  VisitorIntegrationResolver,
  VisitorRuleEvaluationResolver,
  VisitorRuleResolver,
  VisitorSettingsResolver,
} from "./visitors.resolver.js";

/** Website visitors (SalesIQ, VIS-1..18): the link and its settings, visits, chats and transcripts, CRM context, rules. */
export default defineModule({
  name: "visitors",
  resolvers: [
    VisitorIntegrationResolver,
    VisitorSettingsResolver,
    VisitResolver,
    ChatResolver,
    ChatContextResolver,
    VisitorRuleResolver,
    VisitorRuleEvaluationResolver,
    LeadVisitsResolver,
    ContactVisitsResolver,
  ],
  createLoaders: createVisitorLoaders,
  nodeTypes: {
    Visit: (ctx, id) => findVisibleVisit(ctx, id),
    Chat: async (ctx, id) => {
      const row = await findVisibleChat(ctx, id).catch(() => null);
      return row ? toChat(row) : null;
    },
    VisitorRule: (ctx, id) => findVisibleRule(ctx, id),
  },
  webhooks: [
    {
      path: "/webhooks/visits",
      operation: `mutation RecordVisit($input: RecordVisitInput!) { recordVisit(input: $input) { visit { id } duplicate } }`,
      reply: (data) => {
        const { recordVisit } = data as { recordVisit: { visit: { id: string }; duplicate: boolean } };
        return { visitId: recordVisit.visit.id, duplicate: recordVisit.duplicate };
      },
    },
    {
      path: "/webhooks/chats",
      operation: `mutation RecordChat($input: RecordChatInput!) { recordChat(input: $input) { chat { id } duplicate } }`,
      reply: (data) => {
        const { recordChat } = data as { recordChat: { chat: { id: string }; duplicate: boolean } };
        return { chatId: recordChat.chat.id, duplicate: recordChat.duplicate };
      },
    },
  ],
  records: {
    // CORE-14: visits and chats stay when their record is deleted (unlinked); they move with a converted lead.
    links: [visits, chats].map((table) => ({ table: table as unknown as RecordLinkedTable, onDelete: "unlink" as const })),
    hooks: {
      // VIS-10: a lead created from a tracked web form takes the visitor's earlier visits and chats
      // (later ones find it through them).
      async created(tx, e) {
        if (e.visitorId && e.record.type === "lead") await tieVisitor(tx, e.orgId, e.visitorId, e.record);
      },
    },
  },
});
/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    Visit: true;
    Chat: true;
    VisitorRule: true;
  }
}
