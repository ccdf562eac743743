import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Resolver, Root, type ClassType } from "type-graphql";
import { selects } from "../shared/lookahead.js";
import type { RequestContext } from "../shared/context.js";
import type { Model } from "../shared/node.type.js";
import { Contact } from "../records/contact.type.js";
import { Lead } from "../records/lead.type.js";
import { CONTACT, LEAD } from "../records/record-kind.js";
import { TimelineArgs } from "./timeline.input.js";
import { listTimeline } from "./timeline-list.service.js";
import { timelineSummary } from "./timeline-summary.service.js";
import { TimelineConnection, TimelineSummary } from "./timeline.type.js";

const KIND = { lead: LEAD, contact: CONTACT } as const;

/** `timeline` and `timelineSummary` on leads and contacts: the timeline module's fields on records'. */
function CustomerTimelineResolver<T extends Model>(objectType: ClassType<T>, recordType: "lead" | "contact") {
  @Resolver(() => objectType)
  abstract class CustomerTimeline {
    @FieldResolver(() => TimelineConnection, {
      description: "The interaction history, newest first by default, cursor-paginated; a page costs the same whatever the history's length.",
    })
    timeline(@Root() record: T, @Args(() => TimelineArgs) args: TimelineArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
      // A page whose entries ask who performed them reads those users with its rows.
      const performers = selects(info, ["edges", "node"], ["performedBy"]);
      return listTimeline(ctx, { kind: KIND[recordType], id: record.dbId }, args, { performers });
    }

    @FieldResolver(() => TimelineSummary, { description: "The history at a glance." })
    timelineSummary(@Root() record: T, @Ctx() ctx: RequestContext) {
      return timelineSummary(ctx, { kind: KIND[recordType], id: record.dbId });
    }
  }
  return CustomerTimeline;
}

@Resolver(() => Lead)
export class LeadTimelineResolver extends CustomerTimelineResolver(Lead, "lead") {}

@Resolver(() => Contact)
export class ContactTimelineResolver extends CustomerTimelineResolver(Contact, "contact") {}
