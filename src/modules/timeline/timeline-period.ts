import { DateTime } from "luxon";
import { badInput } from "../shared/errors.js";
import { TimelinePeriod, type TimelineFilter } from "./timeline.input.js";

/** TL-10: a preset period, a calendar date or an instant range, as [from, to) in the org's time zone. */
export function periodRange(
  filter: Pick<TimelineFilter, "period" | "date" | "from" | "to">,
  timeZone: string,
  now: Date = new Date(),
): { from: Date | null; to: Date | null } {
  const given = (["period", "date", "from"] as const).filter((k) => filter[k] != null || (k === "from" && filter.to != null));
  if (given.length > 1) throw badInput(`filter.${given[1]}`, "use only one of `period`, `date` and `from`/`to`");
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const days = (start: DateTime, n: number) => ({ from: start.toJSDate(), to: start.plus({ days: n }).toJSDate() });
  if (filter.period) {
    switch (filter.period) {
      case TimelinePeriod.TODAY:
        return days(today, 1);
      case TimelinePeriod.YESTERDAY:
        return days(today.minus({ days: 1 }), 1);
      case TimelinePeriod.LAST_7_DAYS:
        return days(today.minus({ days: 6 }), 7);
      case TimelinePeriod.LAST_30_DAYS:
        return days(today.minus({ days: 29 }), 30);
    }
  }
  if (filter.date) return days(DateTime.fromISO(filter.date, { zone: timeZone }).startOf("day"), 1);
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  if (from && to && from.getTime() >= to.getTime()) throw badInput("filter.to", "must be later than `from`");
  return { from, to };
}
