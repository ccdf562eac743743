import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

// Outside CI a machine without Chromium skips the browser suites; CI must run them.
if (!chromiumAvailable && process.env.CI === "true") {
  throw new Error(`CI=true needs Chromium at ${CHROMIUM_PATH} for the browser tests (apt-get install -y chromium)`);
}

/** Where a browser suite saves its screenshots: test-output/<suite>/ (ignored by git). */
export function outputDir(suite: string): string {
  const dir = join(process.cwd(), "test-output", suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface CutBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Every request the page tried to send to an origin not allowed, aborted (and WebSockets opened to one). */
  foreign: string[];
  /** A page whose WebSockets are checked too. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Chromium with the network cut: host names resolve only to loopback, Chromium's own background
 * traffic is off, and every request to an origin outside `allowedOrigins` is aborted and counted.
 */
export async function launchCutBrowser(allowedOrigins: string[]): Promise<CutBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-domain-reliability",
      "--disable-sync",
      "--no-first-run",
      "--no-default-browser-check",
      "--metrics-recording-only",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const foreign: string[] = [];
  const allowed = new Set(allowedOrigins);
  const originOf = (url: string) => {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    // blob: and data: URLs never leave the page.
    if (url.startsWith("blob:") || url.startsWith("data:") || allowed.has(originOf(url))) return route.continue();
    foreign.push(url);
    return route.abort("blockedbyclient");
  });
  return {
    browser,
    context,
    foreign,
    async newPage() {
      const page = await context.newPage();
      page.on("websocket", (ws) => {
        const origin = originOf(ws.url().replace(/^ws/, "http"));
        if (!allowed.has(origin)) foreign.push(ws.url());
      });
      return page;
    },
    close: () => browser.close(),
  };
}
