/**
 * The social view's generated org (issue 13 bench and test/social-scale.test.ts): `posts` posts
 * on one X account by `authors` authors, the first `contacts` of them linked to as many contacts;
 * contacts 1..30% have an open deal, the next 20% a won deal only. Every 5,000th post says
 * "zebracorn" (a rare keyword). Plain SQL statements, run in order; no imports.
 */
export interface SocialOrg {
  orgId: number;
  ownerId: number;
  accountId: number;
  posts: number;
  authors: number;
  contacts: number;
}

const WORDS = ["renewal", "pricing", "support", "invoice", "dashboard", "mobile", "demo", "thanks", "question", "release"];
const words = `(array[${WORDS.map((w) => `'${w}'`).join(",")}])`;

export const socialDataSql = (o: SocialOrg): string[] => {
  const open = Math.floor(o.contacts * 0.3);
  const won = Math.floor(o.contacts * 0.2);
  const c0 = `(select min(id) from contacts where org_id = ${o.orgId})`;
  const p0 = `(select min(id) from social_profiles where org_id = ${o.orgId})`;
  return [
    `insert into contacts (org_id, owner_id, last_name) select ${o.orgId}, ${o.ownerId}, 'Social ' || g from generate_series(1, ${o.contacts}) g`,
    `insert into deals (org_id, owner_id, name, stage, expected_revenue, contact_id)
       select ${o.orgId}, ${o.ownerId}, 'D' || g, case when g <= ${open} then 'Proposal' else 'CLOSED_WON' end, g * 10, ${c0} - 1 + g
       from generate_series(1, ${open + won}) g`,
    `insert into social_profiles (org_id, network, handle, record_type, record_id)
       select ${o.orgId}, 'X', 'author_' || g, case when g <= ${o.contacts} then 'contact' end, case when g <= ${o.contacts} then ${c0} - 1 + g end
       from generate_series(1, ${o.authors}) g`,
    `insert into social_posts (org_id, account_id, network, external_id, idempotency_key, kind, author_profile_id, text, posted_at)
       select ${o.orgId}, ${o.accountId}, 'X', 'e' || g, 'k' || g, (array['MENTION','OWN_POST','REPLY','REPOST'])[1 + g % 4],
              ${p0} + (g * 7919) % ${o.authors},
              ${words}[1 + g % 10] || ' ' || ${words}[1 + (g / 10) % 10] || case when g % 5000 = 0 then ' zebracorn' else '' end,
              now() - make_interval(secs => g * 30)
       from generate_series(1, ${o.posts}) g`,
    // ANALYZE samples 300 × the statistics target rows at random: at the default (100) the text
    // index's word statistics, and with them the keyword plan, changed from run to run. A target
    // of 400 samples every one of up to 120,000 posts, so the statistics, and the plans the
    // tests assert, are the same each time.
    `alter index social_posts_text_fts_idx alter column 1 set statistics 400`,
    `analyze social_posts`,
    `analyze social_profiles`,
    `analyze deals`,
  ];
};

/** The open-deals column's conversations page by hand, as one JSON value (the benchmark's baseline). */
export const openDealsPageSql = (orgId: number, limit: number) => `
  select coalesce(json_agg(json_build_object('node', json_build_object('id', x.id, 'text', x.text, 'crmClass', 'CUSTOMER_WITH_OPEN_DEALS',
           'author', json_build_object('handle', x.handle), 'record', json_build_object('name', x.last_name))) order by x.posted_at desc, x.id desc), '[]') as edges
    from (select p.id, p.text, p.posted_at, sp.handle, c.last_name
            from social_posts p join social_profiles sp on sp.id = p.author_profile_id join contacts c on c.id = sp.record_id
           where p.org_id = ${orgId} and p.kind in ('MENTION','DIRECT_MESSAGE','COMMENT','REPLY','MESSAGE') and p.published_by is null
             and sp.record_type = 'contact'
             and exists (select 1 from deals d where d.org_id = ${orgId} and d.contact_id = sp.record_id and d.stage not in ('CLOSED_WON','CLOSED_LOST'))
           order by p.posted_at desc, p.id desc limit ${limit}) x`;
