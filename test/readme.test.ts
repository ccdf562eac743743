import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kind, parse, print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemo, type DemoSeed } from "../src/seed/seed.js";
import { BOOTSTRAP_SECRET, startServer, type TestServer } from "./helpers/server.js";

/** A fenced block of the README: its language, the words after it, its text and where it starts. */
interface Block {
  lang: string;
  info: string;
  code: string;
  line: number;
}

/** Every fenced block of README.md. */
export function readmeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!, info: open[2]!.trim(), code: body.join("\n"), line: start + 1 });
  }
  return blocks;
}

const README = readFileSync("README.md", "utf8");
const blocks = readmeBlocks(README);
/** Commands about the project itself (install, test, deploy, benchmarks) say `skip-runner`. */
const runnable = (lang: string) => blocks.filter((b) => b.lang === lang && !b.info.includes("skip-runner"));

/**
 * The README's shell and GraphQL examples, run as written against what `npm start` gives a new
 * user: an embedded database with the demo org seeded first (so its IDs are the ones the README
 * names), its token and bootstrap secret under `.data/` of the working directory. The only change
 * made to a block is the server's address (`localhost:4000` becomes this server's port).
 */
describe.skipIf(process.env.TEST_TARGET === "postgres")("the README's examples, run verbatim", () => {
  let server: TestServer;
  let demo: DemoSeed;
  let workdir: string;

  beforeAll(async () => {
    // `embedded`: a fresh database of its own, as on a new user's machine: the demo is its first org.
    server = await startServer({}, { embedded: true });
    workdir = mkdtempSync(join(tmpdir(), "crm-readme-"));
    const dataDir = join(workdir, ".data");
    mkdirSync(dataDir);
    demo = await ensureDemo(server.app.database.db, dataDir);
    writeFileSync(join(dataDir, "bootstrap-secret"), `${BOOTSTRAP_SECRET}\n`);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  });

  const origin = () => new URL(server.url).origin;
  const localize = (code: string) => code.replaceAll("http://localhost:4000", origin()).replaceAll("ws://localhost:4000", origin().replace(/^http/, "ws"));

  it("has shell and GraphQL examples to run", () => {
    expect(runnable("sh").length).toBeGreaterThanOrEqual(4);
    expect(runnable("graphql").length).toBeGreaterThanOrEqual(2);
  });

  // Sequential, in README order: a reader runs them one after the other.
  for (const block of runnable("sh")) {
    it(`sh block at README.md:${block.line} succeeds and every JSON it prints is free of errors`, async () => {
      // Not spawnSync: the server answering the block runs in this process.
      const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile("bash", ["-euo", "pipefail", "-c", localize(block.code)], { cwd: workdir, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ status: error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr }),
        );
      });
      expect(result.status, `${result.stderr}\n${result.stdout}`).toBe(0);
      const outputs = result.stdout
        .split("\n")
        .filter((line) => line.trim().startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(outputs.length, result.stdout).toBeGreaterThan(0);
      for (const output of outputs) {
        expect(output.errors, JSON.stringify(output)).toBeUndefined();
        expect(output.error, JSON.stringify(output)).toBeUndefined();
      }
    });
  }

  for (const block of runnable("graphql")) {
    it(`graphql block at README.md:${block.line}: each operation runs with the demo token, without errors`, async () => {
      const operations = parse(block.code).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations.length).toBeGreaterThan(0);
      for (const operation of operations) {
        const res = await server.gql(demo.token, print(operation));
        expect(res.errors, `${print(operation)}\n${JSON.stringify(res.errors)}`).toBeUndefined();
        expect(res.status).toBe(200);
      }
    });
  }

  it("shows client/example.ts as it is (test/client.test.ts runs that file)", () => {
    const example = readFileSync("client/example.ts", "utf8").trimEnd();
    expect(blocks.some((b) => b.lang === "ts" && b.code.trimEnd() === example)).toBe(true);
  });

  it("converting the lead deleted it, as the README says", async () => {
    const res = await server.gql(demo.token, `{ node(id: "TGVhZDoy") { id } }`);
    expect(res.data?.node ?? null).toBeNull();
  });
});
