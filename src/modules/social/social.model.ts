import type { socialProfiles } from "../../db/schema/index.js";
import { encodeGlobalId } from "../shared/global-id.js";
import type { SocialNetwork, SocialProfile } from "./social-profile.type.js";
import type * as repo from "./social.repo.js";
import type { SocialAccount, SocialActivity, SocialActivityAction, SocialPost, SocialPostKind } from "./social.type.js";

export const toSocialProfile = (row: typeof socialProfiles.$inferSelect): SocialProfile => ({
  __typename: "SocialProfile",
  id: encodeGlobalId("SocialProfile", row.id),
  dbId: row.id,
  network: row.network as SocialNetwork,
  handle: row.handle,
  displayName: row.displayName,
  followers: row.followers,
  recordType: row.recordType,
  recordId: row.recordId,
});


export const toAccount = (row: repo.AccountRow): SocialAccount => ({
  __typename: "SocialAccount",
  id: encodeGlobalId("SocialAccount", row.id),
  dbId: row.id,
  network: row.network as SocialNetwork,
  handle: row.handle,
  displayName: row.displayName,
  connectedAt: row.connectedAt,
  connected: row.disconnectedAt === null,
});

export const toPost = (row: repo.PostRow): SocialPost => ({
  __typename: "SocialPost",
  id: encodeGlobalId("SocialPost", row.id),
  dbId: row.id,
  accountId: row.accountId,
  authorProfileId: row.authorProfileId,
  publicationId: row.publicationId,
  publishedById: row.publishedBy,
  network: row.network as SocialNetwork,
  kind: row.kind as SocialPostKind,
  text: row.text,
  postedAt: row.postedAt,
  url: row.url,
  externalId: row.externalId,
});

export const toActivity = (row: repo.ActivityRow): SocialActivity => ({
  __typename: "SocialActivity",
  id: encodeGlobalId("SocialActivity", row.id),
  dbId: row.id,
  postId: row.postId,
  recordType: row.recordType,
  recordId: row.recordId,
  action: row.action as SocialActivityAction,
  summary: row.summary,
  occurredAt: row.occurredAt,
});

