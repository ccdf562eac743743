/** What the benchmarks share: a scratch database, GraphQL over HTTP, the load generator, number formatting. */
import { fork } from "node:child_process";
import postgres from "postgres";
import type { LoadRequest, LoadResult } from "./load.js";

/** Drops and creates database `name` on the server of `adminUrl`; returns its URL. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  await dropDatabase(adminUrl, name);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** POST /graphql; throws on any error, so setup steps fail loudly. */
export async function gql<T>(url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let json: { data?: T; errors?: unknown[] };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`/graphql answered ${res.status}: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200 || json.errors?.length || !json.data) throw new Error(`/graphql answered ${res.status}: ${JSON.stringify(json.errors ?? json).slice(0, 600)}`);
  return json.data;
}

export const dbIdOf = (globalId: string) => Number(Buffer.from(globalId, "base64url").toString("utf8").split(":")[1]);

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";

/** Runs autocannon in a child process, so it gets its own event loop (and isn't profiled). */
export function load(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL("./load.js", import.meta.url), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: LoadResult | null = null;
    child.once("message", (m) => (result = m as LoadResult));
    child.once("error", reject);
    child.once("exit", (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
    child.send(request);
  });
}

/** A markdown table, first column left-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
