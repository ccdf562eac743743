import { isCustomerType } from "../records/record-kind.js";
import { defineModule } from "../shared/module.js";
import { startAveragesJob } from "./interval-averages.service.js";
import { ContactTimelineResolver, LeadTimelineResolver } from "./timeline-record.resolver.js";
import { createTimelineLoaders } from "./timeline.loaders.js";
import { TimelineAverageResolver, TimelineEntryResolver } from "./timeline.resolver.js";
import { recordMilestones } from "./milestone.service.js";
import { reassignOpenSignals, reassignOpenSignalsOf } from "./response-link.service.js";
import { findVisibleEntry } from "./timeline-access.service.js";
import { deleteTimeline, moveTimeline } from "./timeline-lifecycle.service.js";
import { publishEntries, publishGone } from "./timeline-stream.service.js";
import { encodeGlobalId } from "../shared/global-id.js";

/** Each lead's and contact's interaction history: entries, follow-ups, milestones, intervals, the live stream. */
export default defineModule({
  name: "timeline",
  resolvers: [TimelineEntryResolver, TimelineAverageResolver, LeadTimelineResolver, ContactTimelineResolver],
  createLoaders: createTimelineLoaders,
  nodeTypes: { TimelineEntry: (ctx, id) => findVisibleEntry(ctx, id) },
  records: {
    hooks: {
      // A picklist change of a lead or contact is a milestone (TL-6); a new owner takes its open signals (RESP-2).
      async changed(tx, e) {
        if (!isCustomerType(e.record.type)) return;
        const ref = { orgId: e.orgId, recordType: e.record.type, recordId: e.record.id };
        const milestones = await recordMilestones(tx, { ...ref, changes: e.changes });
        if (e.ownerAfter !== e.ownerBefore) await reassignOpenSignals(tx, { ...ref, ownerId: e.ownerAfter });
        return (ctx) => publishEntries(ctx, milestones);
      },
      async reassigned(tx, e) {
        await reassignOpenSignalsOf(tx, { orgId: e.orgId, recordType: e.recordType, recordIds: e.ids, ownerId: e.toUserId });
      },
      // The record's live timelines end once it is gone, naming the contact a converted lead became.
      async converted(tx, e) {
        if (!isCustomerType(e.from.type)) return;
        await moveTimeline(tx, e.orgId, e.from, e.to);
        return (ctx) => publishGone(ctx, e.from, encodeGlobalId("Contact", e.to.id));
      },
      async deleted(tx, e) {
        if (!isCustomerType(e.record.type)) return;
        await deleteTimeline(tx, e.orgId, e.record);
        return (ctx) => publishGone(ctx, e.record, null);
      },
    },
  },
  jobs: ({ db, log, config }) => (config.timelineAverages.checkEveryMs > 0 ? [startAveragesJob(db, log, config.timelineAverages)] : []),
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    TimelineEntry: true;
  }
}
