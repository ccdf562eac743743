import { registerEnumType } from "type-graphql";
import { z } from "zod";
import { Channel } from "../timeline/timeline-entry.type.js";

export enum SignalSource {
  INCOMING_EMAIL = "INCOMING_EMAIL",
  EMAIL_ANALYTICS = "EMAIL_ANALYTICS",
  CALL = "CALL",
  SURVEY = "SURVEY",
  CAMPAIGN = "CAMPAIGN",
  CHAT = "CHAT",
  DESK = "DESK",
  EVENT = "EVENT",
  WEBINAR = "WEBINAR",
  WEBSITE = "WEBSITE",
  SOCIAL = "SOCIAL",
}
registerEnumType(SignalSource, { name: "SignalSource", description: "Where a customer action was seen." });

export enum SignalEvent {
  EMAIL_RECEIVED = "EMAIL_RECEIVED",
  EMAIL_OPENED = "EMAIL_OPENED",
  EMAIL_CLICKED = "EMAIL_CLICKED",
  EMAIL_BOUNCED = "EMAIL_BOUNCED",
  MISSED_CALL = "MISSED_CALL",
  SURVEY_RESPONDED = "SURVEY_RESPONDED",
  CAMPAIGN_OPENED = "CAMPAIGN_OPENED",
  CAMPAIGN_CLICKED = "CAMPAIGN_CLICKED",
  CAMPAIGN_HARD_BOUNCE = "CAMPAIGN_HARD_BOUNCE",
  CAMPAIGN_SOFT_BOUNCE = "CAMPAIGN_SOFT_BOUNCE",
  CHAT_UNATTENDED = "CHAT_UNATTENDED",
  TICKET_CREATED = "TICKET_CREATED",
  TICKET_COMMENTED = "TICKET_COMMENTED",
  TICKET_REPLIED = "TICKET_REPLIED",
  TICKET_OVERDUE = "TICKET_OVERDUE",
  TICKET_ESCALATED = "TICKET_ESCALATED",
  HAPPINESS_RATING = "HAPPINESS_RATING",
  EVENT_TICKET_PURCHASED = "EVENT_TICKET_PURCHASED",
  EVENT_CHECKED_IN = "EVENT_CHECKED_IN",
  EVENT_TICKET_CANCELLED = "EVENT_TICKET_CANCELLED",
  WEBINAR_REGISTERED = "WEBINAR_REGISTERED",
  VISIT_STARTED = "VISIT_STARTED",
  SOCIAL_MENTION = "SOCIAL_MENTION",
  SOCIAL_MESSAGE = "SOCIAL_MESSAGE",
}
registerEnumType(SignalEvent, { name: "SignalEvent", description: "A customer action; each belongs to one SignalSource." });

const url = z.url({ protocol: /^https?$/ }).max(2000);
const text = (max = 500) => z.string().trim().min(1).max(max);
const email = z.object({ subject: text().optional(), messageId: text(200).optional() });
const ticket = z.object({ ticketNumber: text(100), subject: text().optional(), status: text(50).optional() });
const event = z.object({ eventName: text(200), ticketType: text(100).optional() });
const campaign = z.object({ campaignName: text(200), subject: text().optional() });
const social = z.object({ network: z.enum(["FACEBOOK", "X"]), postUrl: url.optional(), text: text(2000).optional() });

/**
 * The details each event must carry, validated with zod (SIG-12, SIG-14). Unknown keys are
 * kept (integrations send more than we read); the named ones must have the right shape.
 */
export const EVENT_DETAILS: Record<SignalEvent, z.ZodType<Record<string, unknown>>> = {
  EMAIL_RECEIVED: email.loose(),
  EMAIL_OPENED: email.loose(),
  EMAIL_CLICKED: email.extend({ url }).loose(),
  EMAIL_BOUNCED: email.extend({ reason: text().optional() }).loose(),
  MISSED_CALL: z.object({ phone: text(50).optional(), durationSeconds: z.number().int().min(0).optional() }).loose(),
  SURVEY_RESPONDED: z.object({ surveyName: text(200), questionsAnswered: z.number().int().min(0).max(10_000) }).loose(),
  CAMPAIGN_OPENED: campaign.loose(),
  CAMPAIGN_CLICKED: campaign.extend({ url }).loose(),
  CAMPAIGN_HARD_BOUNCE: campaign.loose(),
  CAMPAIGN_SOFT_BOUNCE: campaign.loose(),
  CHAT_UNATTENDED: z.object({ chatId: text(200).optional(), question: text(2000).optional() }).loose(),
  TICKET_CREATED: ticket.loose(),
  TICKET_COMMENTED: ticket.loose(),
  TICKET_REPLIED: ticket.loose(),
  TICKET_OVERDUE: ticket.loose(),
  TICKET_ESCALATED: ticket.loose(),
  HAPPINESS_RATING: ticket.extend({ rating: z.enum(["GOOD", "OKAY", "BAD"]), agent: text(200).optional() }).loose(),
  EVENT_TICKET_PURCHASED: event.loose(),
  EVENT_CHECKED_IN: event.loose(),
  EVENT_TICKET_CANCELLED: event.loose(),
  WEBINAR_REGISTERED: z.object({ webinarName: text(200), startsAt: z.iso.datetime({ offset: true }).optional() }).loose(),
  VISIT_STARTED: z
    .object({
      page: url,
      referrer: url.optional(),
      timeSpentSeconds: z.number().int().min(0).optional(),
      pagesViewed: z.number().int().min(0).optional(),
    })
    .loose(),
  SOCIAL_MENTION: social.loose(),
  SOCIAL_MESSAGE: social.loose(),
};

/** SIG-1..11: the events of each source. */
export const EVENTS_BY_SOURCE: Record<SignalSource, SignalEvent[]> = {
  INCOMING_EMAIL: [SignalEvent.EMAIL_RECEIVED],
  EMAIL_ANALYTICS: [SignalEvent.EMAIL_OPENED, SignalEvent.EMAIL_CLICKED, SignalEvent.EMAIL_BOUNCED],
  CALL: [SignalEvent.MISSED_CALL],
  SURVEY: [SignalEvent.SURVEY_RESPONDED],
  CAMPAIGN: [SignalEvent.CAMPAIGN_OPENED, SignalEvent.CAMPAIGN_CLICKED, SignalEvent.CAMPAIGN_HARD_BOUNCE, SignalEvent.CAMPAIGN_SOFT_BOUNCE],
  CHAT: [SignalEvent.CHAT_UNATTENDED],
  DESK: [
    SignalEvent.TICKET_CREATED,
    SignalEvent.TICKET_COMMENTED,
    SignalEvent.TICKET_REPLIED,
    SignalEvent.TICKET_OVERDUE,
    SignalEvent.TICKET_ESCALATED,
    SignalEvent.HAPPINESS_RATING,
  ],
  EVENT: [SignalEvent.EVENT_TICKET_PURCHASED, SignalEvent.EVENT_CHECKED_IN, SignalEvent.EVENT_TICKET_CANCELLED],
  WEBINAR: [SignalEvent.WEBINAR_REGISTERED],
  WEBSITE: [SignalEvent.VISIT_STARTED],
  SOCIAL: [SignalEvent.SOCIAL_MENTION, SignalEvent.SOCIAL_MESSAGE],
};

/** The timeline channel of a signal (TL-1); social signals take their network's. */
export function channelOf(source: SignalSource, details: Record<string, unknown>): Channel {
  switch (source) {
    case SignalSource.INCOMING_EMAIL:
    case SignalSource.EMAIL_ANALYTICS:
      return Channel.EMAIL;
    case SignalSource.SOCIAL:
      return details.network === "X" ? Channel.X : Channel.FACEBOOK;
    default:
      return Channel[source as keyof typeof Channel];
  }
}

/** TL-4: reaction counts carried by some signals. */
export function reactionOf(event: SignalEvent, details: Record<string, unknown>): Record<string, number> | null {
  if (event === SignalEvent.SURVEY_RESPONDED) return { questionsAnswered: details.questionsAnswered as number };
  if (event === SignalEvent.VISIT_STARTED) {
    const reaction: Record<string, number> = {};
    if (typeof details.timeSpentSeconds === "number") reaction.timeSpentSeconds = details.timeSpentSeconds;
    if (typeof details.pagesViewed === "number") reaction.pagesViewed = details.pagesViewed;
    return Object.keys(reaction).length ? reaction : null;
  }
  return null;
}

/** The one-line summary shown in the bell when the integration sends none. */
export function defaultSummary(event: SignalEvent, details: Record<string, unknown>, customerName: string): string {
  const what = event.toLowerCase().replace(/_/g, " ");
  const about = (details.subject ?? details.surveyName ?? details.ticketNumber ?? details.eventName ?? details.webinarName ?? details.campaignName ?? details.page) as string | undefined;
  return `${customerName}: ${what}${about ? ` (${about})` : ""}`.slice(0, 500);
}
