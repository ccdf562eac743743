import type { RequestContext } from "../shared/context.js";
import type { RecordKind } from "../records/record-kind.js";
import { Channel, TimelineSide } from "./timeline-entry.type.js";
import type { TimelineChannelSummary, TimelineSummary } from "./timeline.type.js";
import * as repo from "./timeline.repo.js";

const CHANNEL_ORDER = Object.values(Channel);

/** TL-13: counts by side and channel, the best-answered channel, the latest interaction and the idle state. */
export async function timelineSummary(ctx: RequestContext, record: { kind: RecordKind; id: number }): Promise<TimelineSummary> {
  const ref = { orgId: ctx.viewer!.orgId, recordType: record.kind.type, recordId: record.id };
  const [counts, responses, average] = await Promise.all([
    repo.countByChannelAndSide(ctx.db, ref),
    repo.countResponses(ctx.db, ref),
    ctx.loaders.timeline.averages.load(record.kind.type),
  ]);
  const bySide = Object.values(TimelineSide).map((side) => ({
    side,
    count: counts.filter((c) => c.side === side).reduce((n, c) => n + c.n, 0),
  }));
  const channels = new Map<Channel, TimelineChannelSummary>();
  let lastAt: number | null = null;
  for (const c of counts) {
    if (c.side === TimelineSide.MILESTONE || !c.channel) continue;
    const channel = c.channel as Channel;
    const summary = channels.get(channel) ?? { channel, signals: 0, followUps: 0, respondedFollowUps: 0, responseRate: null };
    if (c.side === TimelineSide.SIGNAL) summary.signals += c.n;
    else summary.followUps += c.n;
    channels.set(channel, summary);
    lastAt = Math.max(lastAt ?? 0, c.lastAt);
  }
  for (const r of responses) {
    const summary = channels.get(r.channel as Channel);
    if (!summary || r.followUps === 0) continue;
    summary.respondedFollowUps = r.responded;
    summary.responseRate = r.responded / r.followUps;
  }
  const byChannel = [...channels.values()].sort(
    (a, b) => b.signals + b.followUps - (a.signals + a.followUps) || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel),
  );
  const best = byChannel
    .filter((c) => c.responseRate !== null)
    .sort((a, b) => b.responseRate! - a.responseRate! || b.followUps - a.followUps || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel))[0];
  const since = lastAt === null ? null : Math.max(0, Math.round((Date.now() - lastAt) / 1000));
  const averageSeconds = average?.averageIntervalSeconds ?? null;
  return {
    totalInteractions: bySide.filter((s) => s.side !== TimelineSide.MILESTONE).reduce((n, s) => n + s.count, 0),
    bySide,
    byChannel,
    bestResponseChannel: best?.channel ?? null,
    lastInteractionAt: lastAt === null ? null : new Date(lastAt),
    secondsSinceLastInteraction: since,
    averageIntervalSeconds: averageSeconds,
    idle: since === null || averageSeconds === null ? null : since > averageSeconds,
  };
}
