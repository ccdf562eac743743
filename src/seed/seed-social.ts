import type { Db } from "../db/client.js";
import { socialAccounts, socialActivity, socialColumnPeople, socialColumns, socialPosts, socialProfiles, socialPublications } from "../db/schema/index.js";
import { crmClasses } from "../modules/records/records.api.js";
import { CrmClass } from "../modules/records/record.type.js";

const TEXTS = {
  MENTION: ["@demo_company the new dashboard is great", "Anyone else using @demo_company for their CRM?", "@demo_company when does the mobile app ship?", "Thanks @demo_company for the quick answer"],
  DIRECT_MESSAGE: ["Could you send me the renewal quote?", "Is there a discount for 50 seats?"],
  COMMENT: ["Looks useful for our sales team", "We need the Japanese invoice format"],
  OWN_POST: ["Busy week closing the quarter", "Our team grew to 40 people today", "Reading about CRM automation this morning"],
  REPOST: ["RT @demo_company: Spring release notes are out"],
};

/**
 * The social tab's demo (SOC-1..15): two connected accounts (X and Facebook) and posts in every
 * column: authors linked to customers, to customers with open deals, to leads/contacts (Ada King
 * is `@ada_king` on X), and unknown authors; a keyword, a people and a "my posts" column of the
 * admin, with a published tweet in the activity log. Deterministic (its own generator).
 */
export async function seedSocial(
  tx: Db,
  args: { orgId: number; adminId: number; leadIds: number[]; contactIds: number[]; rand: () => number },
) {
  const { orgId, adminId, rand } = args;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const [x, facebook] = await tx
    .insert(socialAccounts)
    .values([
      { orgId, network: "X", handle: "demo_company", displayName: "Demo Company", connectedBy: adminId },
      { orgId, network: "FACEBOOK", handle: "DemoCompanyPage", displayName: "Demo Company", connectedBy: adminId },
    ])
    .returning();
  const sample = args.contactIds.slice(0, 200);
  const classes = await crmClasses(tx, { orgId, customers: sample.map((id) => ({ type: "contact" as const, id })) });
  const contactsOf = (c: CrmClass) => sample.filter((_, i) => classes[i] === c).slice(0, 6);
  const authors: { recordType: string | null; recordId: number | null; handle: string }[] = [
    { recordType: "lead", recordId: args.leadIds[0]!, handle: "ada_king" },
    ...args.leadIds.slice(1, 5).map((id, i) => ({ recordType: "lead", recordId: id, handle: `lead_${i + 1}` })),
    ...contactsOf(CrmClass.CUSTOMER_WITH_OPEN_DEALS).map((id, i) => ({ recordType: "contact", recordId: id, handle: `buyer_${i + 1}` })),
    ...contactsOf(CrmClass.CUSTOMER).map((id, i) => ({ recordType: "contact", recordId: id, handle: `customer_${i + 1}` })),
    ...contactsOf(CrmClass.LEAD_OR_CONTACT).map((id, i) => ({ recordType: "contact", recordId: id, handle: `contact_${i + 1}` })),
    ...Array.from({ length: 6 }, (_, i) => ({ recordType: null, recordId: null, handle: `stranger_${i + 1}` })),
  ];
  const now = Date.now();
  let n = 0;
  const posts: (typeof socialPosts.$inferInsert)[] = [];
  for (const network of ["X", "FACEBOOK"] as const) {
    const account = network === "X" ? x! : facebook!;
    const profiles = await tx
      .insert(socialProfiles)
      .values(authors.map((a) => ({ orgId, recordType: a.recordType, recordId: a.recordId, network, handle: a.handle, displayName: a.handle.replace(/_/g, " ") })))
      .returning();
    for (const profile of profiles) {
      const kinds = network === "X" ? (["MENTION", "OWN_POST", "DIRECT_MESSAGE", "REPOST"] as const) : (["COMMENT", "OWN_POST"] as const);
      for (const kind of kinds) {
        if (rand() < 0.3) continue;
        n++;
        posts.push({
          orgId,
          accountId: account.id,
          network,
          externalId: `demo-${network.toLowerCase()}-${n}`,
          idempotencyKey: `demo-${network.toLowerCase()}-${n}`,
          kind: kind === "COMMENT" && rand() < 0.5 ? "MESSAGE" : kind,
          authorProfileId: profile.id,
          text: pick(TEXTS[kind]),
          postedAt: new Date(now - Math.floor(rand() * 14 * 86_400_000)),
          url: network === "X" ? `https://x.com/${profile.handle}/status/${1000 + n}` : `https://facebook.com/${n}`,
        });
      }
    }
  }
  await tx.insert(socialPosts).values(posts);
  const [publication] = await tx.insert(socialPublications).values({ orgId, userId: adminId, text: "Our spring release is out: faster CRM views and a new mobile app." }).returning();
  const [published] = await tx
    .insert(socialPosts)
    .values({
      orgId,
      accountId: x!.id,
      network: "X",
      externalId: "demo-published-1",
      kind: "OWN_POST",
      authorProfileId: (await tx.insert(socialProfiles).values({ orgId, network: "X", handle: "demo_company", displayName: "Demo Company" }).returning())[0]!.id,
      text: publication!.text,
      postedAt: new Date(now - 3_600_000),
      publicationId: publication!.id,
      publishedBy: adminId,
    })
    .returning();
  await tx.insert(socialActivity).values({ orgId, userId: adminId, action: "TWEET_POSTED", summary: `Tweeted on X as @demo_company: ${publication!.text}`, postId: published!.id });
  const columns = await tx
    .insert(socialColumns)
    .values([
      { orgId, userId: adminId, kind: "KEYWORDS", name: "Mobile app", keywords: ["mobile app", "dashboard"], networks: ["X"] },
      { orgId, userId: adminId, kind: "PEOPLE", name: "Key buyers", keywords: [] },
      { orgId, userId: adminId, kind: "MY_POSTS", name: "My posts", keywords: [] },
    ])
    .returning();
  const buyers = authors.filter((a) => a.handle.startsWith("buyer_")).slice(0, 3);
  if (buyers.length) {
    await tx.insert(socialColumnPeople).values(buyers.map((b) => ({ columnId: columns[1]!.id, orgId, recordType: b.recordType!, recordId: b.recordId! })));
  }
}
