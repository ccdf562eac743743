import { writeEvent } from "../../events/outbox.js";
import type { Db } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import { createCustomer } from "../records/records.api.js";
import { ACCOUNT, type CustomerType } from "../records/record-kind.js";
import { getVisibleCustomer, getVisibleRecord } from "../records/record.service.js";
import { CrmClass } from "../records/record.type.js";
import type { RequestContext } from "../shared/context.js";
import { parsePage, toConnection, type Connection, type PageArgs } from "../shared/connection.js";
import { badInput, conflict, forbidden, notFound, unauthenticated } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { assertEventTime } from "../shared/validation.js";
import { App, AppRole, crmScope, isSuiteAdmin, type Viewer } from "../shared/viewer.js";
import { toAccount, toActivity, toPost, toSocialProfile } from "./social.model.js";
import { SocialNetwork, type SocialProfile } from "./social-profile.type.js";
import { postIngested } from "./social-hooks.js";
import type {
  AddSocialProfileAsContactInput,
  AddSocialProfileAsLeadInput,
  ConnectSocialAccountInput,
  IngestSocialPostInput,
  LinkSocialProfileInput,
} from "./social.input.js";
import * as repo from "./social.repo.js";
import {
  CONVERSATION_KINDS,
  SocialActivityAction,
  SocialViewMode,
  type SocialAccount,
  type SocialActivity,
  type SocialDealFilter,
  type SocialPost,
} from "./social.type.js";

// ---- access (SOC-15) ----

/** SOC-15: every social operation needs the SOCIAL app; integration keys only push posts. */
export function requireSocial(ctx: Pick<RequestContext, "viewer" | "integration">): Viewer {
  const v = ctx.viewer;
  if (!v) {
    if (ctx.integration) throw forbidden("The social tab is for users: an integration key only pushes posts");
    throw unauthenticated();
  }
  if (!v.apps[App.SOCIAL]) throw forbidden("You have no access to the Social app");
  return v;
}

/** SOC-1: connecting and removing org accounts is for social admins (and suite/account admins). */
export function requireSocialAdmin(ctx: Pick<RequestContext, "viewer" | "integration">): Viewer {
  const v = requireSocial(ctx);
  if (v.apps[App.SOCIAL] !== AppRole.ADMIN && !isSuiteAdmin(v)) throw forbidden("Only Social admins connect and disconnect the org's accounts");
  return v;
}

export const normaliseHandle = (handle: string) => handle.trim().replace(/^@/, "");

// ---- accounts (SOC-1) ----

export async function connectAccount(ctx: RequestContext, input: ConnectSocialAccountInput): Promise<SocialAccount> {
  const v = requireSocialAdmin(ctx);
  try {
    const row = await repo.insertAccount(ctx.db, {
      orgId: v.orgId,
      network: input.network,
      handle: normaliseHandle(input.handle),
      displayName: input.displayName?.trim() || null,
      connectedBy: v.userId,
    });
    return toAccount(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This account is connected already", "input.handle");
    throw error;
  }
}

export async function disconnectAccount(ctx: RequestContext, id: string): Promise<string> {
  const v = requireSocialAdmin(ctx);
  const dbId = decodeIdOfType(id, "SocialAccount", "id");
  if (!(await repo.disconnectAccount(ctx.db, v.orgId, dbId))) throw notFound("SocialAccount", "id");
  return id;
}

export async function listAccounts(ctx: RequestContext): Promise<SocialAccount[]> {
  const v = requireSocial(ctx);
  return (await repo.listConnectedAccounts(ctx.db, v.orgId)).map(toAccount);
}

/** A connected account of the viewer's org, NOT_FOUND otherwise (another org's included). */
export async function getConnectedAccount(db: Db, orgId: number, globalId: string, field: string): Promise<repo.AccountRow> {
  const account = await repo.findConnectedAccount(db, orgId, decodeIdOfType(globalId, "SocialAccount", field));
  if (!account) throw notFound("SocialAccount", field);
  return account;
}

// ---- ingestion (SOC-2) ----

/**
 * SOC-2: the network connector pushes a post with the integration key. The author is the org's
 * profile for the network and handle (created when new); the post is stored once per
 * idempotency key and per (account, externalId): a repeat returns the first (`duplicate: true`).
 * In the same transaction, higher modules react (`postIngested`: the SOCIAL signal, SIG-11).
 */
export async function ingestPost(ctx: RequestContext, input: IngestSocialPostInput): Promise<{ post: SocialPost; duplicate: boolean }> {
  const integration = ctx.integration;
  if (!integration) {
    if (ctx.viewer) throw forbidden("Posts are pushed by the network connector with an integration key, not a user token");
    throw unauthenticated("An integration key is required");
  }
  const orgId = integration.orgId;
  const key = input.idempotencyKey.trim();
  if (!key) throw badInput("input.idempotencyKey", "cannot be empty");
  const externalId = input.externalId.trim();
  if (!externalId) throw badInput("input.externalId", "cannot be empty");
  const handle = normaliseHandle(input.author.handle);
  if (!handle) throw badInput("input.author.handle", "cannot be empty");
  assertEventTime(input.postedAt, "input.postedAt");
  const account = await getConnectedAccount(ctx.db, orgId, input.accountId, "input.accountId");
  const lookup = { orgId, key, accountId: account.id, externalId };
  const earlier = await repo.findPostByKeyOrExternal(ctx.db, lookup);
  if (earlier) return { post: toPost(earlier), duplicate: true };
  const stored = await ctx.db.transaction(async (tx) => {
    const author = await repo.upsertProfile(tx, { orgId, network: account.network, handle, displayName: input.author.displayName?.trim() || null });
    const row = await repo.insertPostOnce(tx, {
      orgId,
      accountId: account.id,
      network: account.network,
      externalId,
      idempotencyKey: key,
      kind: input.kind,
      authorProfileId: author.id,
      text: input.text?.trim() || null,
      postedAt: input.postedAt,
      url: input.url?.trim() || null,
      integrationKeyId: integration.keyId,
    });
    if (!row) return null;
    const customer = author.recordId && (author.recordType === "lead" || author.recordType === "contact") ? { type: author.recordType as CustomerType, id: author.recordId } : null;
    // The outbox (webhooks' SOCIAL_POST_RECEIVED), in the post's transaction; ordered per author.
    await writeEvent(tx, {
      orgId,
      type: "SOCIAL_POST_RECEIVED",
      record: { type: "social_profile", id: author.id },
      data: {
        post: {
          id: encodeGlobalId("SocialPost", row.id),
          account: encodeGlobalId("SocialAccount", account.id),
          network: row.network,
          kind: row.kind,
          externalId: row.externalId,
          text: row.text,
          url: row.url,
          postedAt: row.postedAt.toISOString(),
        },
        author: { id: encodeGlobalId("SocialProfile", author.id), handle: author.handle, displayName: author.displayName },
        record: customer ? { id: encodeGlobalId(customer.type === "lead" ? "Lead" : "Contact", customer.id), type: customer.type.toUpperCase() } : null,
      },
    });
    const after = await postIngested(tx, {
      orgId,
      integrationKeyId: integration.keyId,
      post: { id: row.id, kind: row.kind, network: row.network, text: row.text, url: row.url, postedAt: row.postedAt },
      author: { profileId: author.id, handle: author.handle, displayName: author.displayName },
      customer,
    });
    return { row, after };
  });
  if (!stored) {
    // Raced by the same post: the other request's row has committed (the insert waited for it).
    const first = await repo.findPostByKeyOrExternal(ctx.db, lookup);
    if (!first) throw conflict("This post was being stored; retry", "input.idempotencyKey");
    return { post: toPost(first), duplicate: true };
  }
  for (const after of stored.after) after(ctx);
  return { post: toPost(stored.row), duplicate: false };
}

// ---- the CRM view (SOC-3..5, SOC-7) ----

/** SOC-5: the org's top 10 open deals, computed now when there is no snapshot yet (the daily job refreshes it). */
async function ensureTopDeals(db: Db, orgId: number) {
  if (await repo.topDealsComputedAt(db, orgId)) return;
  await db.transaction(async (tx) => {
    await repo.lockTopDeals(tx, orgId);
    if (!(await repo.topDealsComputedAt(tx, orgId))) await repo.computeTopDeals(tx, orgId);
  });
}

/** SOC-5, scheduled: orgs whose snapshot is missing or older than `maxAgeMs`, each once under an advisory lock. */
export async function refreshDueTopDeals(db: Db, maxAgeMs: number, now = new Date()): Promise<number[]> {
  const cutoff = new Date(now.getTime() - maxAgeMs);
  const done: number[] = [];
  for (const orgId of await repo.findTopDealOrgsDue(db, cutoff)) {
    const did = await db.transaction(async (tx) => {
      if (!(await repo.tryLockTopDeals(tx, orgId))) return false;
      if ((await repo.findTopDealOrgsDue(tx, cutoff, orgId)).length === 0) return false;
      await repo.computeTopDeals(tx, orgId, now);
      return true;
    });
    if (did) done.push(orgId);
  }
  return done;
}

const postConnection = (ctx: RequestContext, q: repo.PostQuery, page: ReturnType<typeof parsePage>, key: string) =>
  repo.listPosts(ctx.db, { ...q, after: page.after, limit: page.limit }).then((rows) =>
    toConnection({
      rows,
      page,
      cursorOf: (r) => ({ key, value: r.postedAt.toISOString(), id: r.id }),
      toNode: toPost,
      count: () => repo.countPosts(ctx.db, q),
    }),
  );

/**
 * SOC-3..5, SOC-7: the posts of one column of the CRM view, newest first. The column is the
 * author's CRM class as it is now (computed in the query from the linked record), so linking an
 * author or a deal opening or closing moves all their posts at once, past ones included.
 */
export async function listPosts(
  ctx: RequestContext,
  args: { column: CrmClass; mode: SocialViewMode; networks: SocialNetwork[] | null; dealFilter: SocialDealFilter | null; page: PageArgs },
): Promise<Connection<SocialPost>> {
  const v = requireSocial(ctx);
  if (args.dealFilter && args.column !== CrmClass.CUSTOMER_WITH_OPEN_DEALS) {
    throw badInput("dealFilter", "applies to the CUSTOMER_WITH_OPEN_DEALS column only");
  }
  if (args.mode === SocialViewMode.STREAM && args.column === CrmClass.UNKNOWN) {
    throw badInput("mode", "STREAM is for the CUSTOMER, CUSTOMER_WITH_OPEN_DEALS and LEAD_OR_CONTACT columns");
  }
  const key = `social:${args.column}:${args.mode}:${args.dealFilter ?? ""}:${[...(args.networks ?? [])].sort().join(",")}`;
  const page = parsePage(args.page, key);
  // SOC-4: the stream is X's alone.
  const networks = args.mode === SocialViewMode.STREAM ? (args.networks ?? [SocialNetwork.X]).filter((n) => n === SocialNetwork.X) : args.networks;
  if (args.dealFilter === "TOP_10") await ensureTopDeals(ctx.db, v.orgId);
  const q: repo.PostQuery = {
    orgId: v.orgId,
    column: args.column,
    dealFilter: args.dealFilter,
    kinds: args.mode === SocialViewMode.CONVERSATIONS ? CONVERSATION_KINDS : null,
    networks: networks?.length === 0 ? ["-"] : networks,
    ingestedOnly: true,
  };
  return postConnection(ctx, q, page, key);
}

/** SOC-14: every post of the profiles linked to a lead or contact (the record's loader checked it is visible). */
export async function listRecordInteractions(ctx: RequestContext, record: { type: CustomerType; id: number }, pageArgs: PageArgs) {
  const v = requireSocial(ctx);
  const key = `interactions:${record.type}:${record.id}`;
  return postConnection(ctx, { orgId: v.orgId, authorRecords: [record], ingestedOnly: true }, parsePage(pageArgs, key), key);
}

/** SOC-12: an author's posts on the org's accounts (for X, their timeline: posts, reposts, mentions, replies). */
export async function listProfilePosts(ctx: RequestContext, profile: SocialProfile, pageArgs: PageArgs) {
  const v = requireSocial(ctx);
  const key = `author:${profile.dbId}`;
  return postConnection(ctx, { orgId: v.orgId, authorProfileId: profile.dbId, ingestedOnly: true }, parsePage(pageArgs, key), key);
}

/** node(id:) and field loads: a post of the viewer's org, for users with the Social app. */
export async function findPost(ctx: RequestContext, id: number): Promise<SocialPost | null> {
  const v = requireSocial(ctx);
  const row = await repo.findPost(ctx.db, v.orgId, id);
  return row ? toPost(row) : null;
}

export async function getPost(ctx: RequestContext, globalId: string, field: string): Promise<repo.PostRow> {
  const v = requireSocial(ctx);
  const row = await repo.findPost(ctx.db, v.orgId, decodeIdOfType(globalId, "SocialPost", field));
  if (!row) throw notFound("SocialPost", field);
  return row;
}

export async function findAccount(ctx: RequestContext, id: number): Promise<SocialAccount | null> {
  requireSocial(ctx);
  return ctx.loaders.social.accounts.load(id);
}

// ---- unknown authors (SOC-11) ----

async function getProfile(ctx: RequestContext, orgId: number, globalId: string) {
  const profile = await repo.findProfile(ctx.db, orgId, decodeIdOfType(globalId, "SocialProfile", "input.profileId"));
  if (!profile) throw notFound("SocialProfile", "input.profileId");
  if (profile.recordId !== null) throw conflict("This social profile is linked to a lead or contact already", "input.profileId");
  return profile;
}

const networkName = (n: string) => (n === "X" ? "X" : n === "FACEBOOK" ? "Facebook" : "Google+");

/** SOC-11: links an unknown author to a lead or contact the viewer may view; their posts move columns at once. */
export async function linkProfile(ctx: RequestContext, input: LinkSocialProfileInput): Promise<SocialProfile> {
  const v = requireSocial(ctx);
  crmScope(v);
  const profile = await getProfile(ctx, v.orgId, input.profileId);
  const { kind, record } = await getVisibleCustomer(ctx, input.recordId, "input.recordId");
  return ctx.db.transaction(async (tx) => {
    const linked = await repo.linkProfile(tx, v.orgId, profile.id, { type: kind.type, id: record.dbId });
    if (!linked) throw conflict("This social profile is linked to a lead or contact already", "input.profileId");
    await repo.insertActivity(tx, {
      orgId: v.orgId,
      userId: v.userId,
      action: SocialActivityAction.PROFILE_LINKED,
      summary: `Linked @${profile.handle} (${networkName(profile.network)}) to ${kind.type} ${recordName(record)}`,
      recordType: kind.type,
      recordId: record.dbId,
    });
    return toSocialProfile(linked);
  });
}

const recordName = (r: object) => String((r as { name?: unknown }).name ?? "");

/** SOC-11: a new lead or contact from an unknown author, owned by the viewer, the profile linked to it, in one transaction. */
export async function addProfileAs(
  ctx: RequestContext,
  type: CustomerType,
  input: AddSocialProfileAsLeadInput | AddSocialProfileAsContactInput,
): Promise<{ type: CustomerType; id: number }> {
  const v = requireSocial(ctx);
  crmScope(v);
  const profile = await getProfile(ctx, v.orgId, input.profileId);
  let accountId: number | null = null;
  if ("accountId" in input && input.accountId) accountId = (await getVisibleRecord(ctx, ACCOUNT, input.accountId, "input.accountId")).dbId;
  const { ref, after } = await ctx.db.transaction(async (tx) => {
    const created = await createCustomer(tx, {
      orgId: v.orgId,
      actor: { userId: v.userId },
      type,
      fields: {
        firstName: input.firstName ?? null,
        lastName: input.lastName,
        ...(type === "lead" ? { company: (input as AddSocialProfileAsLeadInput).company ?? null } : { accountId }),
        source: null,
      },
    });
    const linked = await repo.linkProfile(tx, v.orgId, profile.id, { type, id: created.ref.id });
    if (!linked) throw conflict("This social profile is linked to a lead or contact already", "input.profileId");
    await repo.insertActivity(tx, {
      orgId: v.orgId,
      userId: v.userId,
      action: type === "lead" ? SocialActivityAction.LEAD_ADDED : SocialActivityAction.CONTACT_ADDED,
      summary: `Added @${profile.handle} (${networkName(profile.network)}) as ${type} ${[input.firstName, input.lastName].filter(Boolean).join(" ")}`,
      recordType: type,
      recordId: created.ref.id,
    });
    return created;
  });
  for (const a of after) a(ctx);
  return ref;
}

// ---- activity (SOC-13) ----

/** node(id:) for one of the viewer's own activity entries. */
export async function findActivity(ctx: RequestContext, id: number): Promise<SocialActivity | null> {
  const v = requireSocial(ctx);
  const row = await repo.findActivity(ctx.db, v.userId, id);
  return row ? toActivity(row) : null;
}

export async function listActivity(ctx: RequestContext, pageArgs: PageArgs): Promise<Connection<SocialActivity>> {
  const v = requireSocial(ctx);
  const page = parsePage(pageArgs, "activity");
  const rows = await repo.listActivity(ctx.db, { userId: v.userId, beforeId: page.after?.id ?? null, limit: page.limit });
  return toConnection({ rows, page, cursorOf: (r) => ({ key: "activity", value: r.id, id: r.id }), toNode: toActivity, count: () => repo.countActivity(ctx.db, v.userId) });
}

