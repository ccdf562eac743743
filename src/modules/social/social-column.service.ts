import { CUSTOMER_KINDS, decodeRecordId } from "../records/record-kind.js";
import { getVisibleCustomer } from "../records/record.service.js";
import type { RequestContext } from "../shared/context.js";
import { parsePage, toConnection, type PageArgs } from "../shared/connection.js";
import { badInput, conflict, limitExceeded, notFound } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { toPost } from "./social.model.js";
import { SocialNetwork } from "./social-profile.type.js";
import type { CreateSocialColumnInput } from "./social.input.js";
import * as repo from "./social.repo.js";
import { requireSocial } from "./social.service.js";
import { SocialColumnKind, type SocialColumn } from "./social.type.js";

/** SOC-8: keywords per keyword column. */
export const MAX_KEYWORDS_PER_COLUMN = 5;
/** SOC-9: followed leads/contacts per custom column. */
export const MAX_PEOPLE_PER_COLUMN = 5;
/** SOC-10: keywords plus followed people over all of one user's columns. */
export const MAX_COLUMN_ITEMS_PER_USER = 20;
const MAX_KEYWORD_LENGTH = 100;

export const toColumn = (row: repo.ColumnRow, people: { recordType: string; recordId: number }[]): SocialColumn => ({
  __typename: "SocialColumn",
  id: encodeGlobalId("SocialColumn", row.id),
  dbId: row.id,
  kind: row.kind as SocialColumnKind,
  name: row.name,
  keywords: row.keywords,
  networks: (row.networks as SocialNetwork[] | null) ?? null,
  createdAt: row.createdAt,
  recordRefs: people.map((p) => ({ type: p.recordType as "lead" | "contact", id: p.recordId })),
});

/** Everything about a column that can be checked without the database. */
function validateColumn(input: CreateSocialColumnInput) {
  const name = input.name.trim();
  if (!name) throw badInput("input.name", "cannot be empty");
  const networks = input.networks ? [...new Set(input.networks)] : null;
  if (networks?.length === 0) throw badInput("input.networks", "give at least one network, or leave it out for all");
  if (input.kind !== SocialColumnKind.KEYWORDS && input.keywords?.length) throw badInput("input.keywords", "only KEYWORDS columns take keywords");
  if (input.kind !== SocialColumnKind.PEOPLE && input.recordIds?.length) throw badInput("input.recordIds", "only PEOPLE columns follow leads and contacts");
  let keywords: string[] = [];
  if (input.kind === SocialColumnKind.KEYWORDS) {
    if (networks && networks.some((n) => n !== SocialNetwork.X)) throw badInput("input.networks", "keyword columns search X only");
    keywords = [...new Set((input.keywords ?? []).map((k) => k.trim().replace(/\s+/g, " ")))];
    if (keywords.some((k) => k.length === 0 || k.length > MAX_KEYWORD_LENGTH)) throw badInput("input.keywords", `each keyword must be 1 to ${MAX_KEYWORD_LENGTH} characters`);
    if (keywords.length === 0) throw badInput("input.keywords", "a keyword column needs at least one keyword");
    if (keywords.length > MAX_KEYWORDS_PER_COLUMN) {
      throw badInput("input.keywords", `a keyword column takes at most ${MAX_KEYWORDS_PER_COLUMN} keywords`, { limit: MAX_KEYWORDS_PER_COLUMN });
    }
  }
  const recordIds = [...new Set(input.recordIds ?? [])];
  if (input.kind === SocialColumnKind.PEOPLE) {
    if (recordIds.length === 0) throw badInput("input.recordIds", "a custom column follows at least one lead or contact");
    if (recordIds.length > MAX_PEOPLE_PER_COLUMN) {
      throw badInput("input.recordIds", `a custom column follows at most ${MAX_PEOPLE_PER_COLUMN} leads and contacts`, { limit: MAX_PEOPLE_PER_COLUMN });
    }
    recordIds.forEach((id, i) => decodeRecordId(id, CUSTOMER_KINDS, `input.recordIds.${i}`));
  }
  return { name, networks, keywords, recordIds };
}

/**
 * SOC-8..10: saves a column. The per-user total (keywords plus followed people, at most 20) is
 * checked and the column stored under the user's advisory lock, so two requests racing past the
 * limit cannot both succeed.
 */
export async function createColumn(ctx: RequestContext, input: CreateSocialColumnInput): Promise<SocialColumn> {
  const v = requireSocial(ctx);
  const valid = validateColumn(input);
  const people: { type: "lead" | "contact"; id: number }[] = [];
  for (const [i, id] of valid.recordIds.entries()) {
    const { kind, record } = await getVisibleCustomer(ctx, id, `input.recordIds.${i}`);
    people.push({ type: kind.type as "lead" | "contact", id: record.dbId });
  }
  const items = valid.keywords.length + people.length;
  const row = await ctx.db.transaction(async (tx) => {
    await repo.lockUserColumns(tx, v.userId);
    if (input.kind === SocialColumnKind.MY_POSTS && (await repo.hasMyPostsColumn(tx, v.userId))) throw conflict("You have a MY_POSTS column already", "input.kind");
    if (items > 0) {
      const used = await repo.usedColumnBudget(tx, v.userId);
      if (used + items > MAX_COLUMN_ITEMS_PER_USER) {
        throw limitExceeded(
          `Your keyword and custom columns may hold at most ${MAX_COLUMN_ITEMS_PER_USER} keywords and followed leads/contacts in total; ${used} are used`,
          input.kind === SocialColumnKind.KEYWORDS ? "input.keywords" : "input.recordIds",
        );
      }
    }
    return repo.insertColumn(
      tx,
      { orgId: v.orgId, userId: v.userId, kind: input.kind, name: valid.name, keywords: valid.keywords, networks: valid.networks },
      people,
    );
  });
  return toColumn(row, people.map((p) => ({ recordType: p.type, recordId: p.id })));
}

export async function listColumns(ctx: RequestContext): Promise<SocialColumn[]> {
  const v = requireSocial(ctx);
  const rows = await repo.listColumns(ctx.db, v.userId);
  const people = await repo.columnPeople(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => toColumn(r, people.filter((p) => p.columnId === r.id)));
}

export async function deleteColumn(ctx: RequestContext, id: string): Promise<string> {
  const v = requireSocial(ctx);
  if (!(await repo.deleteColumn(ctx.db, v.userId, decodeIdOfType(id, "SocialColumn", "id")))) throw notFound("SocialColumn", "id");
  return id;
}

export async function findColumn(ctx: RequestContext, id: number): Promise<SocialColumn | null> {
  const v = requireSocial(ctx);
  const row = await repo.findColumn(ctx.db, v.userId, id);
  if (!row) return null;
  return toColumn(row, await repo.columnPeople(ctx.db, [row.id]));
}

/**
 * A column's posts, newest first: KEYWORDS the X posts matching any keyword (full-text, SOC-8),
 * PEOPLE the posts of the followed leads/contacts (SOC-9), MY_POSTS what the owner published.
 */
export async function columnPosts(ctx: RequestContext, column: SocialColumn, pageArgs: PageArgs) {
  const v = requireSocial(ctx);
  const key = `column:${column.dbId}`;
  const page = parsePage(pageArgs, key);
  const q: repo.PostQuery = { orgId: v.orgId, networks: column.networks };
  if (column.kind === SocialColumnKind.KEYWORDS) Object.assign(q, { keywords: column.keywords, networks: [SocialNetwork.X], ingestedOnly: true });
  else if (column.kind === SocialColumnKind.PEOPLE) Object.assign(q, { authorRecords: column.recordRefs, ingestedOnly: true });
  else q.publishedBy = v.userId;
  const rows = await repo.listPosts(ctx.db, { ...q, after: page.after, limit: page.limit });
  return toConnection({ rows, page, cursorOf: (r) => ({ key, value: r.postedAt.toISOString(), id: r.id }), toNode: toPost, count: () => repo.countPosts(ctx.db, q) });
}
