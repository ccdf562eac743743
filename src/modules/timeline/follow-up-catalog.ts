import { Channel, FollowUpStatus } from "./timeline-entry.type.js";

/**
 * TL-3: the statuses a follow-up may have, per channel: a call placed is answered or not, an
 * email sent is delivered or bounced, a desk comment leaves the ticket open, closed, on hold or
 * escalated. Other channels' follow-ups carry no status.
 */
export const STATUSES_BY_CHANNEL: Partial<Record<Channel, readonly FollowUpStatus[]>> = {
  [Channel.CALL]: [FollowUpStatus.ANSWERED, FollowUpStatus.UNANSWERED],
  [Channel.EMAIL]: [FollowUpStatus.DELIVERED, FollowUpStatus.BOUNCED],
  [Channel.DESK]: [FollowUpStatus.OPEN, FollowUpStatus.CLOSED, FollowUpStatus.ON_HOLD, FollowUpStatus.ESCALATED],
};

export const statusesOf = (channel: Channel): readonly FollowUpStatus[] => STATUSES_BY_CHANNEL[channel] ?? [];
