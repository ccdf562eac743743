import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { DEMO_LEAD, seedDemo, type DemoSeed } from "../src/seed/seed.js";
import { chromiumAvailable, launchCutBrowser, outputDir, type CutBrowser } from "./helpers/browser.js";
import { startServer, type TestServer } from "./helpers/server.js";

/** The text of GraphiQL's result pane (a Monaco editor: its lines, joined). */
async function resultText(page: Page): Promise<string> {
  const text = await page.locator(".result-window").first().textContent();
  return (text ?? "").replace(/\u00a0/g, " ");
}

async function openTab(page: Page, name: string) {
  await page.locator(".graphiql-tab", { hasText: name }).first().click();
  await expect.poll(() => page.locator(".graphiql-tab-active").first().innerText(), { timeout: 10_000 }).toContain(name);
}

/**
 * Runs the active tab's operation. GraphiQL settles a switched tab's operation name a moment
 * after the switch; a run before that answers "Cannot infer operation", and is run again.
 */
async function execute(page: Page) {
  await page.locator(".graphiql-execute-button").click();
  await expect
    .poll(
      async () => {
        const text = await resultText(page);
        if (!text.includes("Cannot infer operation")) return true;
        await page.locator(".graphiql-execute-button").click();
        return false;
      },
      { timeout: 10_000, interval: 500 },
    )
    .toBe(true);
}

describe.skipIf(!chromiumAvailable)("the explorer in Chromium, with the network cut", () => {
  let server: TestServer;
  let cut: CutBrowser;
  let demo: DemoSeed;
  const stops: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    server = await startServer({ EXPLORER: "on" });
    stops.push(() => server.stop());
    // What `npm start` does in embedded demo mode: seed the demo org, hand its credentials to the explorer.
    demo = await seedDemo(server.app.database.db);
    server.app.explorer!.setDemo(demo);
    cut = await launchCutBrowser([new URL(server.url).origin]);
    stops.push(() => cut.close());
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("loads from this server alone, runs the demo contacts query with the token, and shows a pushed signal from notificationAdded", async () => {
    const page = await cut.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    const response = await page.goto(server.url, { waitUntil: "load" });
    expect(response!.status()).toBe(200);
    expect(response!.headers()["content-security-policy"]).toContain("connect-src 'self'");

    // The schema arrives (introspection with the header editor's token) and the docs open.
    await page.locator(".graphiql-container").first().waitFor({ timeout: 30_000 });
    await page.locator("button[aria-label='Show Documentation Explorer']").click();
    await expect.poll(() => page.locator(".graphiql-doc-explorer").innerText(), { timeout: 20_000 }).toContain("Query");

    // The first tab: the demo contacts page, run with the pre-filled token.
    await openTab(page, "ContactsPage");
    await execute(page);
    await expect.poll(() => resultText(page), { timeout: 20_000 }).toContain('"totalCount": 500');
    expect(await resultText(page)).toContain('"name": "Demo Admin"');

    // The subscription tab: it starts over graphql-ws on the same URL, then a signal is pushed.
    await openTab(page, "NotificationAdded");
    await execute(page);
    // The socket is up and subscribed once the server counts a subscriber; push until it shows.
    const push = (n: number) =>
      fetch(new URL("/webhooks/signals", server.url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${demo.integrationKey}` },
        body: JSON.stringify({
          source: "EMAIL_ANALYTICS",
          event: "EMAIL_CLICKED",
          occurredAt: new Date().toISOString(),
          idempotencyKey: `explorer-browser-${process.pid}-${Date.now()}-${n}`,
          customer: { email: DEMO_LEAD.email },
          details: { subject: "Spring offer", url: "https://acme.example/offer" },
        }),
      });
    let pushed = 0;
    await expect
      .poll(
        async () => {
          const text = await resultText(page);
          if (text.includes("Cannot infer operation")) await page.locator(".graphiql-execute-button").click();
          else if (!text.includes("EMAIL_CLICKED")) expect((await push(++pushed)).status).toBe(200);
          return text;
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain("EMAIL_CLICKED");
    const text = await resultText(page);
    expect(text).toContain('"source": "EMAIL_ANALYTICS"');
    expect(text).toContain(`"name": "${DEMO_LEAD.firstName} ${DEMO_LEAD.lastName}"`);

    await page.screenshot({ path: join(outputDir("explorer"), "explorer-subscription.png") });
    expect(problems).toEqual([]);
    expect(cut.foreign).toEqual([]);
  });

  it("is not served to GraphQL clients: a GET asking for JSON still runs the query", async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/graphql-response+json", "apollo-require-preflight": "true" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { __typename: "Query" } });
  });
});

describe("the explorer's switch", () => {
  it("EXPLORER=off serves no page and no assets; the endpoint answers as GraphQL", async () => {
    const server = await startServer({ EXPLORER: "off" });
    onTestFinished(() => server.stop());
    const page = await fetch(server.url, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type")).not.toContain("text/html");
    expect(page.status).toBe(400);
    expect(server.app.explorer).toBeNull();
  });

  it("is on by default outside production and off in production", async () => {
    const { loadConfig } = await import("../src/config/config.js");
    expect(loadConfig({}, []).explorer.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }, []).explorer.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", EXPLORER: "on" }, []).explorer.enabled).toBe(true);
    expect(() => loadConfig({ EXPLORER: "yes" }, [])).toThrow(/EXPLORER/);
  });
});
