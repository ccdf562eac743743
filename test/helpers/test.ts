import type { Client } from "graphql-ws";
import { test as base } from "vitest";
import {
  CreateContactDocument,
  CreateIntegrationKeyDocument,
  CreateLeadDocument,
  IngestSignalDocument,
  type IngestSignalMutation,
} from "../generated/graphql.js";
import { buildContact, buildLead, buildSignal, createOrg, createUser, ok, unique, type TestOrg } from "./fixtures.js";
import { startServer, type TestServer } from "./server.js";

/**
 * The suites' fixtures (DESIGN.md, Testing):
 *
 * - `server`: the file's server, started when a test of the file first asks for it and stopped
 *   after the file's last test. Starting servers is what the suite spends most on: a file shares
 *   one, and each test brings its own org.
 * - `org`: a new org on the file's server for this test, with a seed chain:
 *   `await org.user().lead().signal()` → `{ user, lead, signal }`.
 * - `dispose(fn)`: runs `fn` after the test, last registered first, whether the test passed or not.
 *   What a test starts (sockets, second servers, Redis servers, browsers) is stopped by these,
 *   never by cleanup code at the end of its body.
 * - `ws(token)`: a graphql-ws client on the file's server, closed after the test.
 * - `serve(env)`: a server of the test's own (other settings, a second instance), stopped after it.
 */
export interface Fixtures {
  /** The file's server (file-scoped). */
  server: TestServer;
  dispose: (fn: () => unknown) => void;
  ws: (token: string | null, options?: Parameters<TestServer["ws"]>[1]) => Client;
  serve: (env?: Record<string, string>, options?: Parameters<typeof startServer>[1]) => Promise<TestServer>;
  org: SeedOrg;
}

export const test = base.extend<Fixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use: (server: TestServer) => Promise<void>) => {
      const server = await startServer();
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "file" },
  ],
  // eslint-disable-next-line no-empty-pattern
  dispose: async ({}, use) => {
    const disposers: (() => unknown)[] = [];
    try {
      await use((fn) => void disposers.push(fn));
    } finally {
      const errors: unknown[] = [];
      for (const fn of disposers.reverse()) {
        try {
          await fn();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors, "disposers failed");
    }
  },
  ws: async ({ server, dispose }, use) => {
    await use((token, options) => {
      const client = server.ws(token, options);
      dispose(() => client.dispose());
      return client;
    });
  },
  serve: async ({ dispose }, use) => {
    await use(async (env, options) => {
      const server = await startServer(env, options);
      dispose(() => server.stop());
      return server;
    });
  },
  org: async ({ server }, use) => {
    await use(await seedOrg(server));
  },
});

export const it = test;
export { describe, expect } from "vitest";

export interface TestUser {
  id: string;
  token: string;
}
export interface TestLead {
  id: string;
  name: string;
  owner: { id: string };
}
export interface TestContact {
  id: string;
  name: string;
  owner: { id: string };
}
export type Ingested = IngestSignalMutation["ingestSignal"];

/** An org on a server with its admin, and the seed chain that fills it. */
export interface SeedOrg extends TestOrg {
  server: TestServer;
  /** The org's integration key, created on first use. */
  key(): Promise<{ id: string; key: string }>;
  /** Ingests a signal through the org's integration key (any overrides of `buildSignal`). */
  ingest(overrides?: Record<string, unknown>): Promise<Ingested>;
  user(apps?: { app: string; role: string }[]): Seed<{ user: TestUser }>;
  lead(overrides?: Record<string, unknown>): Seed<{ lead: TestLead }>;
  contact(overrides?: Record<string, unknown>): Seed<{ contact: TestContact }>;
}

/** A new org on `server` (any overrides of `createOrg`), with its seed chain. */
export async function seedOrg(server: TestServer, overrides: Parameters<typeof createOrg>[1] = {}): Promise<SeedOrg> {
  const org = await createOrg(server, overrides);
  let key: Promise<{ id: string; key: string }> | undefined;
  const seed: SeedOrg = {
    ...org,
    server,
    key: () =>
      (key ??= ok(server.gql(org.adminToken, CreateIntegrationKeyDocument, { name: unique("key") })).then((d) => d.createIntegrationKey)),
    ingest: async (overrides = {}) =>
      (await ok(server.gql((await seed.key()).key, IngestSignalDocument, { input: buildSignal(overrides) }))).ingestSignal,
    user: (apps) => new Seed<object>(seed, []).user(apps),
    lead: (overrides) => new Seed<object>(seed, []).lead(overrides),
    contact: (overrides) => new Seed<object>(seed, []).contact(overrides),
  };
  return seed;
}

type Step = (made: Record<string, any>) => Promise<Record<string, unknown>>;

/**
 * A chain of records to create in an org, run when awaited. Each step builds on the one before:
 * a lead or contact is owned by the chain's user (the admin when there is none), a signal lands
 * on the chain's latest lead or contact. Awaited, it gives what each step made, by name (a later
 * step of the same kind replaces the name; `leads`, `contacts`, `users`, `signals` keep them all).
 */
export class Seed<T extends object> implements PromiseLike<T> {
  constructor(
    private readonly org: SeedOrg,
    private readonly steps: readonly Step[],
  ) {}

  private then_<U extends object>(step: Step): Seed<T & U> {
    return new Seed<T & U>(this.org, [...this.steps, step]);
  }

  /** A user of the org: a plain CRM user unless `apps` says otherwise. */
  user(apps?: { app: string; role: string }[]): Seed<T & { user: TestUser; users: TestUser[] }> {
    return this.then_(async (made) => {
      const user = await createUser(this.org.server, this.org, apps);
      return { user, users: [...(made.users ?? []), user] };
    });
  }

  /** A lead (any overrides of `buildLead`), owned by the chain's user. */
  lead(overrides: Record<string, unknown> = {}): Seed<T & { lead: TestLead; leads: TestLead[]; record: { id: string } }> {
    return this.then_(async (made) => {
      const input = buildLead({ ...(made.user ? { ownerId: made.user.id } : {}), ...overrides });
      const lead = (await ok(this.org.server.gql(this.org.adminToken, CreateLeadDocument, { input }))).createLead as TestLead;
      return { lead, leads: [...(made.leads ?? []), lead], record: lead };
    });
  }

  /** A contact (any overrides of `buildContact`), owned by the chain's user. */
  contact(overrides: Record<string, unknown> = {}): Seed<T & { contact: TestContact; contacts: TestContact[]; record: { id: string } }> {
    return this.then_(async (made) => {
      const input = buildContact({ ...(made.user ? { ownerId: made.user.id } : {}), ...overrides });
      const contact = (await ok(this.org.server.gql(this.org.adminToken, CreateContactDocument, { input }))).createContact as TestContact;
      return { contact, contacts: [...(made.contacts ?? []), contact], record: contact };
    });
  }

  /** A signal on the chain's latest lead or contact (any overrides of `buildSignal`), through the org's key. */
  signal(overrides: Record<string, unknown> = {}): Seed<T & { signal: Ingested; signals: Ingested[] }> {
    return this.then_(async (made) => {
      if (!made.record) throw new Error("signal(): the chain has no lead or contact yet");
      const signal = await this.org.ingest({ recordId: made.record.id, ...overrides });
      return { signal, signals: [...(made.signals ?? []), signal] };
    });
  }

  async run(): Promise<T> {
    const made: Record<string, any> = {};
    for (const step of this.steps) Object.assign(made, await step(made));
    return made as T;
  }

  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    return this.run().then(onfulfilled, onrejected);
  }
}
