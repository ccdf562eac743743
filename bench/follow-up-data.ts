/**
 * The generated org of the follow-up scale test and bench (RESP-2, RESP-3), as SQL text (only
 * integers are interpolated). `records` leads, each with `perRecord` entries
 * (entry 1 the newest, 97 minutes apart): entries 1 and 2 are signals nobody followed up; of the
 * older ones every third is a follow-up and the rest are signals, followed up by the next
 * follow-up. Every tenth lead was abandoned half-way: its newer half holds signals only, all open.
 * Sources cycle through the eleven. Lead owners: lead 1 belongs to `rareOwnerId` alone; the others go round
 * `ownerIds`. Call `linkAllFollowUps` afterwards.
 */
export const SOURCES = ["INCOMING_EMAIL", "EMAIL_ANALYTICS", "CALL", "SURVEY", "CAMPAIGN", "CHAT", "DESK", "EVENT", "WEBINAR", "WEBSITE", "SOCIAL"];

export interface FollowUpOrg {
  orgId: number;
  ownerIds: number[];
  rareOwnerId: number;
  records: number;
  perRecord: number;
}

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

/** Inserts the org's leads; returns the statement. */
export function insertLeadsSql(o: FollowUpOrg): string {
  const owners = `array[${o.ownerIds.map(int).join(",")}]::bigint[]`;
  return `insert into leads (org_id, owner_id, last_name, status)
    select ${int(o.orgId)}, case when g = 1 then ${int(o.rareOwnerId)} else (${owners})[1 + g % ${int(o.ownerIds.length)}] end, 'Lead ' || g, 'Not Contacted'
      from generate_series(1, ${int(o.records)}) as g`;
}

/** Inserts entries `fromEntry`..`toEntry` of every lead of the org (the leads in id order). */
export function insertHistorySql(o: FollowUpOrg, fromEntry: number, toEntry: number): string {
  const sources = `array[${SOURCES.map((s) => `'${s}'`).join(",")}]`;
  const followUp = `(k > 2 and k % 3 = 0 and (l.n % 10 <> 0 or k > ${int(Math.floor(o.perRecord / 2))}))`;
  // Stream seqs set here (oldest 1) with the leads' counters, not taken from the counter row per entry.
  return `with counters as (
      insert into timeline_counters (org_id, record_type, record_id, last_seq)
      select ${int(o.orgId)}, 'lead', id, ${int(o.perRecord)} from leads where org_id = ${int(o.orgId)}
      on conflict (org_id, record_type, record_id) do update set last_seq = excluded.last_seq)
    insert into interactions (org_id, record_type, record_id, stream_seq, side, channel, source, event, occurred_at, details)
    select ${int(o.orgId)}, 'lead', l.id, ${int(o.perRecord + 1)} - k,
           case when ${followUp} then 'FOLLOW_UP' else 'SIGNAL' end,
           case when ${followUp} then 'CALL' else 'EMAIL' end,
           case when ${followUp} then null else (${sources})[(1 + (k + l.n) % 11)::int] end,
           'E',
           now() - make_interval(mins => (k * 97 + l.n % 7)::int, secs => (l.n % 60)::float8),
           '{}'::jsonb
      from (select id, row_number() over (order by id) as n from leads where org_id = ${int(o.orgId)}) l
      cross join generate_series(${int(fromEntry)}, ${int(toEntry)}) as k`;
}
