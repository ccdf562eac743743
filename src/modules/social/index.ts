import type { RecordLinkedTable } from "../../db/record-links.js";
import { socialActivity, socialColumnPeople, socialProfiles } from "../../db/schema/index.js";
import { defineModule } from "../shared/module.js";
import { findColumn } from "./social-column.service.js";
import { ContactSocialResolver, LeadSocialResolver, SocialProfileResolver } from "./social-profile.resolver.js";
import { findSocialProfile } from "./social-profile.service.js";
import { startTopDealsJob } from "./social-jobs.js";
import { createSocialLoaders } from "./social.loaders.js";
import {
  ContactInteractionsResolver,
  LeadInteractionsResolver,
  SocialAccountResolver,
  SocialActivityResolver,
  SocialColumnResolver,
  SocialPostResolver,
  SocialProfileDetailResolver,
  SocialPublicationResolver,
} from "./social.resolver.js";
import { findPublication } from "./social-publish.service.js";
import { findAccount, findActivity, findPost } from "./social.service.js";
import { mountUploads } from "./upload.route.js";

/**
 * The social tab (SOC-1..15): the org's accounts, posts classified by their author's CRM class,
 * columns, publishing (through a connector) with uploads, the activity log, and the social
 * profiles of leads and contacts.
 */
export default defineModule({
  name: "social",
  resolvers: [
    SocialProfileResolver,
    LeadSocialResolver,
    ContactSocialResolver,
    SocialAccountResolver,
    SocialPostResolver,
    SocialPublicationResolver,
    SocialColumnResolver,
    SocialProfileDetailResolver,
    SocialActivityResolver,
    LeadInteractionsResolver,
    ContactInteractionsResolver,
  ],
  createLoaders: createSocialLoaders,
  nodeTypes: {
    SocialProfile: (ctx, id) => findSocialProfile(ctx, id),
    SocialAccount: (ctx, id) => findAccount(ctx, id),
    SocialPost: (ctx, id) => findPost(ctx, id),
    SocialColumn: (ctx, id) => findColumn(ctx, id),
    SocialPublication: (ctx, id) => findPublication(ctx, id),
    SocialActivity: (ctx, id) => findActivity(ctx, id),
  },
  // SOC-2: the network connector's push; 200 { postId, duplicate }.
  webhooks: [
    {
      path: "/webhooks/social-posts",
      operation: `mutation IngestSocialPost($input: IngestSocialPostInput!) { ingestSocialPost(input: $input) { post { id } duplicate } }`,
      reply: (data) => {
        const payload = data.ingestSocialPost as { post: { id: string }; duplicate: boolean };
        return { postId: payload.post.id, duplicate: payload.duplicate };
      },
    },
  ],
  routes: (app, deps) => mountUploads(app, deps),
  jobs: (deps) => [startTopDealsJob(deps)],
  // A profile moves with a converted lead; a deleted record's profiles stay, unlinked (its posts
  // go back to UNKNOWN). Followed people and activity entries follow the record too.
  records: {
    links: [
      { table: socialProfiles as unknown as RecordLinkedTable, onDelete: "unlink" },
      { table: socialColumnPeople as unknown as RecordLinkedTable, onDelete: "delete" },
      { table: socialActivity as unknown as RecordLinkedTable, onDelete: "unlink" },
    ],
  },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    SocialProfile: true;
    SocialAccount: true;
    SocialPost: true;
    SocialColumn: true;
    SocialPublication: true;
    SocialActivity: true;
    Upload: true;
  }
}
