import type { RequestContext } from "../shared/context.js";
import { badInput, notFound } from "../shared/errors.js";
import { decodeIdOfType, encodeGlobalId } from "../shared/global-id.js";
import { connectorFor } from "./social-connector.js";
import { toPost } from "./social.model.js";
import { SocialNetwork } from "./social-profile.type.js";
import type { PublishSocialPostInput } from "./social.input.js";
import * as repo from "./social.repo.js";
import { getConnectedAccount, getPost, requireSocial } from "./social.service.js";
import { SocialActivityAction, SocialPostKind, type SocialImage, type SocialPublication } from "./social.type.js";

const MB = 1_000_000;

/** SOC-6: the largest image each network takes (MB = 10^6 bytes). */
export const IMAGE_LIMITS: Record<SocialNetwork, number> = {
  [SocialNetwork.X]: 5 * MB,
  [SocialNetwork.FACEBOOK]: 25 * MB,
  [SocialNetwork.GOOGLE_PLUS]: 36 * MB,
};

export const NETWORK_NAMES: Record<SocialNetwork, string> = { X: "X", FACEBOOK: "Facebook", GOOGLE_PLUS: "Google+" };

/** What publishing an answer to a post of this kind is, and how the activity log calls it (SOC-13). */
function answerOf(kind: string, network: SocialNetwork): { kind: SocialPostKind; action: SocialActivityAction } {
  if (kind === SocialPostKind.DIRECT_MESSAGE || kind === SocialPostKind.MESSAGE) return { kind: kind as SocialPostKind, action: SocialActivityAction.MESSAGE_ANSWERED };
  if (network !== SocialNetwork.X) return { kind: SocialPostKind.COMMENT, action: SocialActivityAction.COMMENTED };
  return { kind: SocialPostKind.REPLY, action: SocialActivityAction.REPLIED };
}

export const toImage = (u: repo.UploadInfo): SocialImage => ({ fileName: u.fileName, contentType: u.contentType, size: u.size });

/**
 * SOC-6: publishes one text (and at most one image, uploaded first) to some of the org's connected
 * accounts through each network's connector. Every account and the image against every chosen
 * network's limit are checked before anything is published; then, in one transaction, the
 * publication, one post per account (in "my posts") and one activity entry per post are stored.
 */
export async function publishPost(ctx: RequestContext, input: PublishSocialPostInput): Promise<SocialPublication> {
  const v = requireSocial(ctx);
  const text = input.text.trim();
  if (!text) throw badInput("input.text", "cannot be empty");
  const ids = [...new Set(input.accountIds)];
  if (ids.length === 0) throw badInput("input.accountIds", "choose at least one account");
  const accounts: repo.AccountRow[] = [];
  for (const [i, id] of ids.entries()) accounts.push(await getConnectedAccount(ctx.db, v.orgId, id, `input.accountIds.${i}`));
  const replyTo = input.replyToPostId ? await getPost(ctx, input.replyToPostId, "input.replyToPostId") : null;
  if (replyTo && (accounts.length !== 1 || accounts[0]!.id !== replyTo.accountId)) {
    throw badInput("input.accountIds", "an answer goes to the one account the post it answers is on");
  }
  let image: repo.UploadInfo | null = null;
  if (input.imageUploadId) {
    image = await repo.findUpload(ctx.db, { orgId: v.orgId, userId: v.userId, id: decodeIdOfType(input.imageUploadId, "Upload", "input.imageUploadId") });
    if (!image || (image.usedAt === null && image.expiresAt.getTime() < Date.now())) throw notFound("Upload", "input.imageUploadId");
    if (!image.contentType.startsWith("image/")) throw badInput("input.imageUploadId", `is ${image.contentType}, not an image`);
    for (const account of accounts) {
      const network = account.network as SocialNetwork;
      const limit = IMAGE_LIMITS[network];
      if (image.size > limit) {
        throw badInput(
          "input.imageUploadId",
          `The image is ${image.size} bytes; ${NETWORK_NAMES[network]} takes images of at most ${limit / MB} MB (${limit} bytes)`,
          { network, limit },
        );
      }
    }
  }
  const upload = image;
  return ctx.db.transaction(async (tx) => {
    const publication = await repo.insertPublication(tx, { orgId: v.orgId, userId: v.userId, text, imageUploadId: upload?.id ?? null });
    if (upload) await repo.markUploadUsed(tx, upload.id);
    const posts = [];
    for (const account of accounts) {
      const network = account.network as SocialNetwork;
      const answer = replyTo ? answerOf(replyTo.kind, network) : null;
      const published = await connectorFor(ctx.config, network).publish({
        account: { network, handle: account.handle },
        text,
        image: upload ? { ...toImage(upload), bytes: () => repo.uploadBytes(tx, upload.id) } : null,
        inReplyTo: replyTo?.externalId ?? null,
      });
      // The org's own account is the author of what the tab publishes.
      const author = await repo.upsertProfile(tx, { orgId: v.orgId, network, handle: account.handle, displayName: account.displayName });
      const row = await repo.insertPost(tx, {
        orgId: v.orgId,
        accountId: account.id,
        network,
        externalId: published.externalId,
        kind: answer?.kind ?? SocialPostKind.OWN_POST,
        authorProfileId: author.id,
        text,
        postedAt: published.postedAt,
        url: published.url,
        publicationId: publication.id,
        publishedBy: v.userId,
        inReplyToId: replyTo?.id ?? null,
      });
      const action = answer?.action ?? (network === SocialNetwork.X ? SocialActivityAction.TWEET_POSTED : SocialActivityAction.STATUS_POSTED);
      await repo.insertActivity(tx, {
        orgId: v.orgId,
        userId: v.userId,
        action,
        summary: `${action === SocialActivityAction.TWEET_POSTED ? "Tweeted" : action === SocialActivityAction.STATUS_POSTED ? "Posted a status" : action === SocialActivityAction.MESSAGE_ANSWERED ? "Answered a message" : action === SocialActivityAction.COMMENTED ? "Commented" : "Replied"} on ${NETWORK_NAMES[network]} as @${account.handle}: ${text.slice(0, 100)}`,
        postId: row.id,
      });
      posts.push(toPost(row));
    }
    return {
      __typename: "SocialPublication" as const,
      id: encodeGlobalId("SocialPublication", publication.id),
      dbId: publication.id,
      text,
      createdAt: publication.createdAt,
      posts,
      image: upload ? toImage(upload) : null,
    };
  });
}

/** node(id:) for a publication of the viewer's org. */
export async function findPublication(ctx: RequestContext, id: number): Promise<SocialPublication | null> {
  const v = requireSocial(ctx);
  const row = await repo.findPublication(ctx.db, v.orgId, id);
  if (!row) return null;
  const [posts, image] = await Promise.all([repo.postsOfPublication(ctx.db, row.id), row.imageUploadId ? ctx.loaders.social.uploads.load(row.imageUploadId) : null]);
  return {
    __typename: "SocialPublication",
    id: encodeGlobalId("SocialPublication", row.id),
    dbId: row.id,
    text: row.text,
    createdAt: row.createdAt,
    posts: posts.map(toPost),
    image: image ? toImage(image) : null,
  };
}
