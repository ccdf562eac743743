import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

/** Runs a compiled command the way npm scripts do, and returns how it ended. */
function run(script: string, args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, LOG_LEVEL: "silent" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const COMMANDS = [
  { name: "main", script: "dist/main.js", flags: ["--memory"] },
  { name: "seed", script: "dist/seed/seed-cli.js", flags: [] },
  { name: "bench", script: "dist-bench/bench/run.js", flags: ["--contacts N", "--generate-only", "--only graphql|baseline"] },
  { name: "bench:signals", script: "dist-bench/bench/signals.js", flags: ["--subscribers K[,K…]", "--rate N[,N…]"] },
  { name: "bench:timeline", script: "dist-bench/bench/timeline.js", flags: ["--entries N"] },
  { name: "bench:followup", script: "dist-bench/bench/follow-up.js", flags: ["--records N", "--per-record N", "--keep"] },
  { name: "bench:webhooks", script: "dist-bench/bench/webhooks.js", flags: ["--events N", "--concurrency C", "--instances N1,N2", "--keep"] },
  { name: "bench generate", script: "dist-bench/bench/generate.js", flags: ["--url URL", "--contacts N"] },
];

// Once per run, not once per database target: the suites of both targets run at the same time,
// and two builds writing dist/ at once would race.
describe.skipIf(process.env.TEST_TARGET === "postgres")("command lines (node:util parseArgs)", () => {
  beforeAll(() => {
    // What `npm start` and `npm run bench` run first: an incremental build of each.
    for (const project of ["tsconfig.build.json", "bench/tsconfig.json"]) {
      const built = spawnSync(process.execPath, ["scripts/build.mjs", project], { encoding: "utf8" });
      expect(built.status, built.stderr + built.stdout).toBe(0);
    }
  }, 240_000);

  for (const command of COMMANDS) {
    it(`${command.name}: --help prints its usage and flags and exits 0 without starting anything`, () => {
      const { status, stdout } = run(command.script, ["--help"]);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: /);
      for (const flag of [...command.flags, "--help"]) expect(stdout).toContain(flag);
    });

    it(`${command.name}: an unknown flag or an argument is refused with status 2`, () => {
      const unknown = run(command.script, ["--no-such-flag"]);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain("Unknown option '--no-such-flag'");
      expect(unknown.stderr).toContain("Run with --help for usage.");
      const positional = run(command.script, ["stray"]);
      expect(positional.status).toBe(2);
      expect(positional.stderr).toContain("Unexpected argument 'stray'");
    });
  }

  it("refuses a bad value before touching any database", () => {
    const contacts = run("dist-bench/bench/run.js", ["--contacts", "many"]);
    expect(contacts.status).toBe(2);
    expect(contacts.stderr).toContain('--contacts needs a positive integer, got "many"');
    const only = run("dist-bench/bench/signals.js", ["--only", "everything"]);
    expect(only.status).toBe(2);
    expect(only.stderr).toContain('--only must be ingest or fanout, got "everything"');
    const missing = run("dist-bench/bench/timeline.js", ["--entries"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--entries");
  });
});
