import type { RecordLinkedTable } from "../../db/record-links.js";
import { socialProfiles } from "../../db/schema/index.js";
import { defineModule } from "../shared/module.js";
import { ContactSocialResolver, LeadSocialResolver, SocialProfileResolver } from "./social-profile.resolver.js";
import { createSocialLoaders, findSocialProfile } from "./social-profile.service.js";

/** Social network profiles of leads and contacts. */
export default defineModule({
  name: "social",
  resolvers: [SocialProfileResolver, LeadSocialResolver, ContactSocialResolver],
  createLoaders: createSocialLoaders,
  nodeTypes: { SocialProfile: (ctx, id) => findSocialProfile(ctx, id) },
  // A profile moves with a converted lead; a deleted record's profiles stay, unlinked.
  records: { links: [{ table: socialProfiles as unknown as RecordLinkedTable, onDelete: "unlink" }] },
});

/** The types whose global IDs this module issues. */
declare module "../shared/global-id.js" {
  interface GlobalIdTypes {
    SocialProfile: true;
  }
}
