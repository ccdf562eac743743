import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accounts, contacts, deals, leads, notes, organizations, tasks } from "../db/schema/index.js";
import { generateSecret, hashSecret, INTEGRATION_KEY_PREFIX, USER_TOKEN_PREFIX } from "../modules/identity/secret.js";
import * as identityRepo from "../modules/identity/identity.repo.js";
import { seedOrgDefaults, DEFAULT_PICKLISTS } from "../modules/records/customization.service.js";
import * as customizationRepo from "../modules/records/customization.repo.js";
import { CrmModule, CustomFieldType } from "../modules/records/customization.type.js";
import { AdminLevel, App, AppRole } from "../modules/shared/viewer.js";
import { seedSocial } from "./seed-social.js";
import { seedTimelines } from "./seed-timelines.js";
import { linkDemoVisitors, seedVisitors } from "./seed-visitors.js";

const FIRST = ["Aiko", "Ben", "Chloé", "Daichi", "Emma", "Felix", "Grace", "Haruto", "Isla", "Jonas", "Kenji", "Lena", "Mia", "Noah", "Olivia", "Pablo", "Rin", "Sofia", "Takumi", "Yui"];
const LAST = ["Sato", "Smith", "Suzuki", "Müller", "Tanaka", "Garcia", "Watanabe", "Brown", "Ito", "Rossi", "Yamamoto", "Dubois", "Nakamura", "Silva", "Kobayashi", "Novak"];
const COMPANY = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne", "Aperture"];
const SUFFIX = ["Corp", "KK", "GmbH", "Ltd", "Inc", "Systems", "Labs", "Trading"];

/** A small deterministic generator, so demo data is the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface DemoSeed {
  orgId: number;
  /** The demo admin's personal API token. */
  token: string;
  /** An integration key of the demo org, for pushing signals in the README's examples and the explorer. */
  integrationKey: string;
  /** The demo org's website visitor integration key (linked and enabled), for pushing visits and chats. */
  visitorKey: string;
}

/**
 * The one lead the README and the explorer's examples name: owned by the demo admin, with a
 * timeline, so a signal pushed for `ada@engines.example` reaches the admin's notificationAdded.
 */
export const DEMO_LEAD = { firstName: "Ada", lastName: "King", company: "Engines Ltd", email: "ada@engines.example" } as const;

async function createDemoIntegrationKey(db: Db, orgId: number, adminId: number): Promise<string> {
  const key = generateSecret(INTEGRATION_KEY_PREFIX);
  await identityRepo.insertIntegrationKey(db, { orgId, name: "demo integrations", keyHash: hashSecret(key), signingSecret: null, createdBy: adminId });
  return key;
}

async function insertInBatches<T>(db: Db, table: Parameters<Db["insert"]>[0], rows: T[], size = 500) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inserted = await (db.insert(table).values(rows.slice(i, i + size) as any) as any).returning({ id: sql<number>`id` });
    ids.push(...inserted.map((r: { id: number | string }) => Number(r.id)));
  }
  return ids;
}

/**
 * The demo org: an admin and four users, ~200 leads, ~500 contacts with accounts, deals in every
 * stage, tasks, notes, and timelines for 40 leads and 40 contacts. Returns the admin's token.
 */
export async function seedDemo(db: Db): Promise<DemoSeed> {
  const rand = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values({ name: "Demo Company", timeZone: "Asia/Tokyo" }).returning();
    const orgId = org!.id;
    await seedOrgDefaults(tx, orgId);
    const admin = await identityRepo.insertUser(tx, { orgId, name: "Demo Admin", email: "admin@demo.example", adminLevel: AdminLevel.ACCOUNT_ADMIN });
    await identityRepo.insertAppRoles(tx, Object.values(App).map((app) => ({ orgId, userId: admin.id, app, role: AppRole.ADMIN })));
    const userIds = [admin.id];
    for (const [i, name] of ["Aiko Sato", "Ben Smith", "Chloé Dubois", "Daichi Ito"].entries()) {
      const user = await identityRepo.insertUser(tx, { orgId, name, email: `user${i + 1}@demo.example` });
      await identityRepo.insertAppRoles(tx, [{ orgId, userId: user.id, app: App.CRM, role: AppRole.USER }]);
      userIds.push(user.id);
    }
    // A suite admin and a deactivated user for the administration examples (ADM-2, ADM-5); they own
    // nothing, so the records below are the same as before they were added.
    const suiteAdmin = await identityRepo.insertUser(tx, { orgId, name: "Emi Suzuki", email: "suite-admin@demo.example", adminLevel: AdminLevel.SUITE_ADMIN });
    await identityRepo.insertAppRoles(tx, [{ orgId, userId: suiteAdmin.id, app: App.CRM, role: AppRole.USER }]);
    const inactive = await identityRepo.insertUser(tx, { orgId, name: "Felix Wagner", email: "felix@demo.example", status: "INACTIVE" });
    await identityRepo.insertAppRoles(tx, [{ orgId, userId: inactive.id, app: App.CRM, role: AppRole.USER }]);
    // The custom field the README's createLead example fills in.
    await customizationRepo.insertCustomField(tx, { orgId, module: CrmModule.LEADS, name: "budget", label: "Budget", type: CustomFieldType.NUMBER, required: false });
    const token = generateSecret(USER_TOKEN_PREFIX);
    await identityRepo.insertApiToken(tx, { orgId, userId: admin.id, name: "demo", tokenHash: hashSecret(token) });

    const statuses = DEFAULT_PICKLISTS.find((p) => p.field === "status")!.values;
    const sources = DEFAULT_PICKLISTS.find((p) => p.field === "source")!.values;
    const stages = DEFAULT_PICKLISTS.find((p) => p.field === "stage")!.values;
    const now = Date.now();
    const past = (days: number) => new Date(now - Math.floor(rand() * days * 86_400_000));
    const audit = () => {
      const at = past(365);
      return { orgId, ownerId: pick(userIds), createdAt: at, updatedAt: at, createdBy: admin.id, updatedBy: admin.id };
    };
    const company = () => `${pick(COMPANY)} ${pick(SUFFIX)}`;

    const leadRows = Array.from({ length: 200 }, (_, i) => {
        const [first, last] = [pick(FIRST), pick(LAST)];
        return {
          ...audit(),
          firstName: first,
          lastName: last,
          company: company(),
          email: `${first}.${last}.${i}@lead.example`.toLowerCase(),
          phone: `+81 3 ${1000 + i} ${2000 + i}`,
          status: pick(statuses),
          source: pick(sources),
          annualRevenue: Math.round(rand() * 5_000_000),
          employees: Math.floor(rand() * 500),
        };
      });
    // Overwritten after generation, so the rest of the demo data stays what it was.
    leadRows[0] = { ...leadRows[0]!, ...DEMO_LEAD, ownerId: admin.id };
    const leadIds = await insertInBatches(tx, leads, leadRows);
    const accountIds = await insertInBatches(
      tx,
      accounts,
      Array.from({ length: 100 }, (_, i) => ({ ...audit(), name: `${company()} ${i + 1}`, website: `https://a${i + 1}.example` })),
    );
    const contactRows = Array.from({ length: 500 }, (_, i) => {
      const [first, last] = [pick(FIRST), pick(LAST)];
      return { ...audit(), firstName: first, lastName: last, email: `${first}.${last}.${i}@contact.example`.toLowerCase(), accountId: pick(accountIds), source: pick(sources) };
    });
    const contactIds = await insertInBatches(tx, contacts, contactRows);
    await insertInBatches(
      tx,
      deals,
      Array.from({ length: 400 }, (_, i) => {
        const c = Math.floor(rand() * contactIds.length);
        return {
          ...audit(),
          name: `Deal ${i + 1}`,
          stage: stages[i % stages.length]!,
          amount: Math.round(rand() * 100_000),
          closingDate: past(-90).toISOString().slice(0, 10),
          contactId: contactIds[c],
          accountId: contactRows[c]!.accountId,
        };
      }),
    );
    await insertInBatches(
      tx,
      tasks,
      Array.from({ length: 200 }, (_, i) => ({
        ...audit(),
        subject: `Follow up #${i + 1}`,
        status: pick(["NOT_STARTED", "IN_PROGRESS", "COMPLETED"]),
        priority: pick(["LOW", "NORMAL", "HIGH"]),
        recordType: "contact",
        recordId: pick(contactIds),
      })),
    );
    await insertInBatches(
      tx,
      notes,
      Array.from({ length: 300 }, (_, i) => ({ orgId, recordType: "contact", recordId: pick(contactIds), body: `Call notes ${i + 1}`, createdBy: pick(userIds) })),
    );
    const customer = (type: "lead" | "contact", id: number, row: { firstName: string; lastName: string; ownerId: number; createdAt: Date; status?: string }) => ({
      type,
      id,
      name: `${row.firstName} ${row.lastName}`,
      ownerId: row.ownerId,
      createdAt: row.createdAt,
      status: row.status,
    });
    await seedTimelines(
      tx,
      orgId,
      [
        ...leadIds.slice(0, 40).map((id, i) => customer("lead", id, leadRows[i]!)),
        ...contactIds.slice(0, 40).map((id, i) => customer("contact", id, contactRows[i]!)),
      ],
      rand,
    );
    const integrationKey = await createDemoIntegrationKey(tx, orgId, admin.id);
    // Its own generator: the rest of the demo stays what it was.
    await seedSocial(tx, { orgId, adminId: admin.id, leadIds, contactIds, rand: rng(13) });
    const visitorKey = await linkDemoVisitors(tx, orgId, admin.id);
    const person = (row: { id: number; firstName: string; lastName: string; email: string }) => ({ id: row.id, email: row.email, name: `${row.firstName} ${row.lastName}` });
    await seedVisitors(tx, {
      orgId,
      adminId: admin.id,
      operatorIds: userIds,
      timeZone: org!.timeZone,
      rand,
      people: {
        leads: leadRows.slice(0, 60).map((r, i) => person({ ...r, id: leadIds[i]! })),
        contacts: contactRows.slice(0, 60).map((r, i) => person({ ...r, id: contactIds[i]! })),
      },
    });
    return { orgId, token, integrationKey, visitorKey };
  });
}

/**
 * Seeds the demo org once per data directory and remembers its token there, so every start can
 * print it. With no data directory (in memory) it seeds every time.
 */
export async function ensureDemo(db: Db, dataDir: string | null): Promise<DemoSeed> {
  const file = dataDir ? join(dataDir, "demo.json") : null;
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Omit<DemoSeed, "integrationKey" | "visitorKey"> & { integrationKey?: string; visitorKey?: string };
    if (stored.integrationKey && stored.visitorKey) return stored as DemoSeed;
    if (stored.integrationKey) {
      // Seeded before the demo had website visitors: link them and remember the key.
      const owner = await identityRepo.findTokenOwner(db, hashSecret(stored.token));
      if (!owner) throw new Error(`${file} names a demo token this database does not know: remove the file or the data directory`);
      const upgraded = { ...stored, integrationKey: stored.integrationKey, visitorKey: await linkDemoVisitors(db, stored.orgId, owner.userId) };
      writeFileSync(file, JSON.stringify(upgraded), { mode: 0o600 });
      return upgraded;
    }
    // Seeded before the demo had an integration key: add one and remember it.
    const admin = await identityRepo.findTokenOwner(db, hashSecret(stored.token));
    if (!admin) throw new Error(`${file} names a demo token this database does not know: remove the file or the data directory`);
    const upgraded = { ...stored, integrationKey: await createDemoIntegrationKey(db, stored.orgId, admin.userId), visitorKey: await linkDemoVisitors(db, stored.orgId, admin.userId) };
    writeFileSync(file, JSON.stringify(upgraded), { mode: 0o600 });
    return upgraded;
  }
  const seeded = await seedDemo(db);
  if (file) writeFileSync(file, JSON.stringify(seeded), { mode: 0o600 });
  return seeded;
}
