/**
 * Bench data generator: one organisation with an admin (and a few users), N contacts, N/5
 * accounts, ~2 deals per contact, ~1 task and ~1 note per contact, loaded with COPY.
 *
 * The organisation, users, app roles, API token and picklists are created with the app's own
 * code (as in src/db/seed.ts), so the printed token works against the real server. The bulk rows
 * are streamed with `COPY ... FROM STDIN` (text format) over postgres.js, with ids reserved from
 * each table's identity sequence up front so children can reference parents without round trips.
 * When the role may (superuser), the load runs with session_replication_role = replica, i.e.
 * without the per-row foreign-key triggers (the rows are consistent by construction); indexes are
 * maintained as usual. It ends with VACUUM (ANALYZE), so autovacuum stays out of the measurements.
 *
 * Standalone: node dist-bench/bench/generate.js [--contacts N] [--url postgres://...]
 * (the database is migrated first; existing data is left alone).
 */
import "reflect-metadata";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import cliProgress from "cli-progress";
import postgres from "postgres";
import { createDatabase } from "../src/db/client.js";
import * as identityRepo from "../src/modules/identity/identity.repo.js";
import { generateSecret, hashSecret, USER_TOKEN_PREFIX } from "../src/modules/identity/secret.js";
import { organizations } from "../src/db/schema/index.js";
import { DEFAULT_PICKLISTS, seedOrgDefaults } from "../src/modules/records/customization.service.js";
import { CLOSED_LOST, CLOSED_WON } from "../src/modules/records/deal-stage.js";
import { AdminLevel, App, AppRole } from "../src/modules/shared/viewer.js";
import { parseCommandLine, positiveInt } from "../src/cli/args.js";

export const STAGES = ["Qualification", "Needs Analysis", "Proposal", "Negotiation", CLOSED_WON, CLOSED_LOST] as const;

const FIRST = ["Aiko", "Ben", "Chloé", "Daichi", "Emma", "Felix", "Grace", "Haruto", "Isla", "Jonas", "Kenji", "Lena", "Mia", "Noah", "Olivia", "Pablo", "Rin", "Sofia", "Takumi", "Yui"];
const LAST = ["Sato", "Smith", "Suzuki", "Müller", "Tanaka", "Garcia", "Watanabe", "Brown", "Ito", "Rossi", "Yamamoto", "Dubois", "Nakamura", "Silva", "Kobayashi", "Novak"];
const COMPANY = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne", "Aperture"];
const SUFFIX = ["Corp", "KK", "GmbH", "Ltd", "Inc", "Systems", "Labs", "Trading"];
const SOURCES = DEFAULT_PICKLISTS.find((p) => p.field === "source")!.values;
const TASK_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "COMPLETED"];

export interface GenerateOptions {
  contacts: number;
  /** Rows per COPY chunk written to the stream. */
  chunkRows?: number;
  /** Show the progress bar (on stderr); default: when stderr is a TTY. */
  progress?: boolean;
  seed?: number;
}

export interface GenerateResult {
  orgId: number;
  adminUserId: number;
  token: string;
  rows: Record<string, number>;
  /** Milliseconds per step: setup (migrations + app-code org/users/token), each table's COPY, vacuum. */
  timings: Record<string, number>;
  totalRows: number;
  /** False when the bulk load ran with session_replication_role = replica (FK triggers skipped). */
  foreignKeyChecks: boolean;
  ms: number;
}

/** mulberry32: small, fast and deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** COPY text format: backslash, tab, newline and carriage return must be escaped; \N is NULL. */
const esc = (v: string) => (/[\\\t\n\r]/.test(v) ? v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : v);
const NULL = "\\N";

/** Reserves `n` consecutive ids from a table's identity sequence; returns the first. */
async function reserveIds(sql: postgres.Sql, table: string, n: number): Promise<number> {
  if (n === 0) return 0;
  return sql.begin(async (tx) => {
    // Blocks concurrent inserts into the table while the block is taken.
    await tx.unsafe(`lock table ${table} in share row exclusive mode`);
    const [row] = await tx.unsafe<{ first: string }[]>(`select nextval(pg_get_serial_sequence('${table}', 'id')) as first`);
    const first = Number(row!.first);
    await tx.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), ${first + n - 1})`);
    return first;
  });
}

/** Creates the org, its users, roles, picklists and an admin API token through the app's code. */
async function createOrganisation(url: string, contacts: number) {
  // Bulk loading runs long statements: no timeouts.
  const database = await createDatabase({ kind: "postgres", url, poolMax: 2, timeouts: { statementMs: 0, idleInTransactionMs: 0 } });
  try {
    await database.migrate();
    return await database.db.transaction(async (tx) => {
      const [org] = await tx.insert(organizations).values({ name: `Bench Company (${contacts} contacts)`, timeZone: "UTC" }).returning();
      const orgId = org!.id;
      await seedOrgDefaults(tx, orgId);
      const stamp = Date.now().toString(36);
      const admin = await identityRepo.insertUser(tx, { orgId, name: "Bench Admin", email: `admin+${stamp}@bench.example`, adminLevel: AdminLevel.ACCOUNT_ADMIN });
      await identityRepo.insertAppRoles(tx, Object.values(App).map((app) => ({ orgId, userId: admin.id, app, role: AppRole.ADMIN })));
      const userIds = [admin.id];
      for (const [i, name] of ["Aiko Sato", "Ben Smith", "Chloé Dubois", "Daichi Ito", "Emma Brown", "Felix Novak", "Grace Silva"].entries()) {
        const user = await identityRepo.insertUser(tx, { orgId, name, email: `user${i + 1}+${stamp}@bench.example` });
        await identityRepo.insertAppRoles(tx, [{ orgId, userId: user.id, app: App.CRM, role: AppRole.USER }]);
        userIds.push(user.id);
      }
      const token = generateSecret(USER_TOKEN_PREFIX);
      await identityRepo.insertApiToken(tx, { orgId, userId: admin.id, name: "bench", tokenHash: hashSecret(token) });
      return { orgId, adminUserId: admin.id, userIds, token };
    });
  } finally {
    await database.close();
  }
}

export async function generate(url: string, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const n = options.contacts;
  const chunkRows = options.chunkRows ?? 5000;
  const rand = rng(options.seed ?? 20240601);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timings[step] = Math.round(now - mark);
    mark = now;
  };
  const { orgId, adminUserId, userIds, token } = await createOrganisation(url, n);
  lap("setup");

  // Plan the shape first (cheap), so the progress bar knows the total and ids can be reserved.
  const accountCount = Math.max(1, Math.floor(n / 5));
  const dealsPer = new Uint8Array(n); // 0..4, mean 2
  const tasksPer = new Uint8Array(n); // 0..2, mean 1
  const notesPer = new Uint8Array(n); // 0..2, mean 1
  let dealCount = 0;
  let taskCount = 0;
  let noteCount = 0;
  for (let i = 0; i < n; i++) {
    dealCount += dealsPer[i] = Math.floor(rand() * 5);
    taskCount += tasksPer[i] = Math.floor(rand() * 3);
    noteCount += notesPer[i] = Math.floor(rand() * 3);
  }
  const rows = { accounts: accountCount, contacts: n, deals: dealCount, tasks: taskCount, notes: noteCount };
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);

  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "crm-bench-generate" } });
  const showProgress = options.progress ?? Boolean(process.stderr.isTTY);
  const bar = new cliProgress.SingleBar(
    {
      format: " {step} |{bar}| {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta}s",
      hideCursor: true,
      noTTYOutput: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  if (showProgress) bar.start(totalRows, 0, { step: "loading".padEnd(16), rate: 0 });
  let done = 0;
  const tick = (table: string, k: number) => {
    done += k;
    if (showProgress) bar.update(done, { step: `loading ${table}`.padEnd(16), rate: Math.round(done / ((performance.now() - started) / 1000)) });
  };

  /** Streams `count` rows made by `row(i)` into `table (columns)` with COPY, `chunkRows` at a time. */
  const copy = async (table: string, columns: string[], count: number, row: (i: number) => string) => {
    const writable = await sql.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
    async function* chunks() {
      for (let start = 0; start < count; start += chunkRows) {
        const end = Math.min(count, start + chunkRows);
        let text = "";
        for (let i = start; i < end; i++) text += row(i) + "\n";
        yield text;
        tick(table, end - start);
      }
    }
    await pipeline(Readable.from(chunks()), writable);
    lap(table);
  };

  let foreignKeyChecks = true;
  try {
    // The generated rows are consistent by construction, so skip the per-row foreign-key triggers
    // (~6 per row) when allowed (superuser): it more than halves the load time. Indexes are kept.
    foreignKeyChecks = await sql`set session_replication_role = replica`.then(
      () => false,
      () => true,
    );
    const now = Date.now();
    const YEAR = 365 * 86_400_000;
    const audit = ["org_id", "owner_id", "created_at", "updated_at", "created_by", "updated_by"];
    const auditCols = (createdAt: number) => {
      const at = new Date(createdAt).toISOString();
      return `${orgId}\t${pick(userIds)}\t${at}\t${at}\t${adminUserId}\t${adminUserId}`;
    };
    const company = () => `${pick(COMPANY)} ${pick(SUFFIX)}`;

    // Accounts.
    const firstAccount = await reserveIds(sql, "accounts", accountCount);
    await copy("accounts", ["id", ...audit, "name", "website"], accountCount, (i) => {
      const id = firstAccount + i;
      return `${id}\t${auditCols(now - Math.floor(rand() * YEAR))}\t${esc(company())} ${i + 1}\thttps://a${id}.example`;
    });

    // Contacts: created over the last year; 90% linked to an account.
    const firstContact = await reserveIds(sql, "contacts", n);
    const contactCreated = new Float64Array(n);
    const contactAccount = new Float64Array(n);
    await copy("contacts", ["id", ...audit, "first_name", "last_name", "email", "phone", "source", "account_id"], n, (i) => {
      const id = firstContact + i;
      const created = (contactCreated[i] = now - Math.floor(rand() * YEAR));
      const account = rand() < 0.9 ? firstAccount + Math.floor(rand() * accountCount) : 0;
      contactAccount[i] = account;
      const first = pick(FIRST);
      const last = pick(LAST);
      return `${id}\t${auditCols(created)}\t${esc(first)}\t${esc(last)}\t${esc(`${first}.${last}.${id}@contact.example`.toLowerCase())}\t+81 3 ${1000 + (i % 9000)} ${id % 10000}\t${pick(SOURCES)}\t${account || NULL}`;
    });

    /** Child rows are laid out contact by contact: call once per row, in order, for its contact's index. */
    const contactOf = (perContact: Uint8Array) => {
      let c = -1;
      let left = 0;
      return () => {
        while (left === 0) left = perContact[++c]!;
        left--;
        return c;
      };
    };
    const after = (contact: number) => contactCreated[contact]! + Math.floor(rand() * (now - contactCreated[contact]!));

    // Deals: 0-4 per contact (mean 2), created after their contact; every stage; 5% without amount.
    const firstDeal = await reserveIds(sql, "deals", dealCount);
    const dealContact = contactOf(dealsPer);
    await copy("deals", ["id", ...audit, "name", "stage", "amount", "closing_date", "contact_id", "account_id"], dealCount, (i) => {
      const id = firstDeal + i;
      const contact = dealContact();
      const created = after(contact);
      const amount = rand() < 0.95 ? (Math.floor(rand() * 10_000_000) / 100).toFixed(2) : NULL;
      const closing = new Date(created + Math.floor(rand() * 120 * 86_400_000)).toISOString().slice(0, 10);
      const account = contactAccount[contact]!;
      return `${id}\t${auditCols(created)}\tDeal ${id}\t${pick(STAGES)}\t${amount}\t${closing}\t${firstContact + contact}\t${account || NULL}`;
    });

    // Tasks: 0-2 per contact.
    const firstTask = await reserveIds(sql, "tasks", taskCount);
    const taskContact = contactOf(tasksPer);
    await copy("tasks", ["id", ...audit, "subject", "due_date", "status", "priority", "record_type", "record_id"], taskCount, (i) => {
      const id = firstTask + i;
      const contact = taskContact();
      const created = after(contact);
      const due = new Date(created + Math.floor(rand() * 30 * 86_400_000)).toISOString().slice(0, 10);
      return `${id}\t${auditCols(created)}\tFollow up #${id}\t${due}\t${pick(TASK_STATUSES)}\tNORMAL\tcontact\t${firstContact + contact}`;
    });

    // Notes: 0-2 per contact.
    const firstNote = await reserveIds(sql, "notes", noteCount);
    const noteContact = contactOf(notesPer);
    await copy("notes", ["id", "org_id", "record_type", "record_id", "title", "body", "created_by", "created_at", "updated_at"], noteCount, (i) => {
      const id = firstNote + i;
      const contact = noteContact();
      const at = new Date(after(contact)).toISOString();
      return `${id}\t${orgId}\tcontact\t${firstContact + contact}\t${NULL}\tCall notes ${id}: discussed next steps and pricing.\t${pick(userIds)}\t${at}\t${at}`;
    });

    // Vacuum too, not only analyze: otherwise autovacuum processes the freshly loaded tables (and
    // sets hint bits) while the bench is measuring, on the same CPUs.
    if (showProgress) bar.update(done, { step: "vacuum (analyze)" });
    await sql.unsafe("vacuum (analyze) accounts, contacts, deals, tasks, notes, users");
    lap("vacuum");
  } finally {
    if (showProgress) bar.stop();
    await sql.end({ timeout: 5 });
  }
  return { orgId, adminUserId, token, rows, timings, totalRows, foreignKeyChecks, ms: performance.now() - started };
}

async function main() {
  const { url, contacts } = parseCommandLine(
    {
      usage: "node dist-bench/bench/generate.js [flags]",
      description: "Loads generated contacts with accounts, deals, tasks and notes into a PostgreSQL database and prints the org's token as JSON.",
      flags: {
        url: { type: "string", valueName: "URL", description: "PostgreSQL database to load", default: "BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/crm_bench" },
        contacts: { type: "string", valueName: "N", description: "Contacts to generate", default: "100000" },
      },
    } as const,
    (flags) => ({
      url: flags.url ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/crm_bench",
      contacts: positiveInt(flags.contacts, "contacts", 100_000),
    }),
  );
  const result = await generate(url, { contacts, progress: true });
  process.stdout.write(
    `${JSON.stringify({ orgId: result.orgId, token: result.token, rows: result.rows, timings: result.timings, seconds: +(result.ms / 1000).toFixed(2) })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
