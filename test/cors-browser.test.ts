import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, LOCALHOST_ORIGINS } from "../src/config/config.js";
import { originAllowed } from "../src/server/cors.js";
import { chromiumAvailable, launchCutBrowser, type CutBrowser } from "./helpers/browser.js";
import { createOrg, type TestOrg } from "./helpers/fixtures.js";
import { startServer, type TestServer } from "./helpers/server.js";

/** A front end on its own port: it calls the API with a bearer token and opens its WebSocket. */
const FRONT_END = `<!doctype html><html><body><pre id="out">pending</pre><pre id="ws">pending</pre><script>
const params = new URLSearchParams(location.search);
fetch(params.get("api"), {
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer " + params.get("token") },
  body: JSON.stringify({ query: "{ me { name } }" }),
}).then((r) => r.json()).then((body) => { out.textContent = JSON.stringify(body); }, (e) => { out.textContent = "refused: " + e.message; });
const socket = new WebSocket(params.get("api").replace(/^http/, "ws"), "graphql-transport-ws");
socket.onopen = () => { ws.textContent = "open"; socket.close(); };
socket.onerror = () => { ws.textContent = "refused"; };
</script></body></html>`;

function serveFrontEnd(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(FRONT_END);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe.skipIf(!chromiumAvailable)("CORS: a front end served from another local port, in Chromium", () => {
  let api: TestServer;
  let org: TestOrg;
  let frontEnd: Server;
  let port: number;
  let cut: CutBrowser;
  const stops: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    frontEnd = await serveFrontEnd();
    stops.push(() => new Promise((resolve) => frontEnd.close(resolve)));
    port = (frontEnd.address() as AddressInfo).port;
    // Only the 127.0.0.1 spelling is listed: http://localhost:<port> is another origin, outside the list.
    api = await startServer({ CORS_ORIGINS: `http://127.0.0.1:${port}` });
    stops.push(() => api.stop());
    org = await createOrg(api);
    cut = await launchCutBrowser([new URL(api.url).origin, `http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    stops.push(() => cut.close());
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const open = async (origin: string) => {
    const page = await cut.newPage();
    await page.goto(`${origin}/?api=${encodeURIComponent(api.url)}&token=${encodeURIComponent(org.adminToken)}`);
    await expect.poll(() => page.locator("#out").textContent(), { timeout: 15_000 }).not.toBe("pending");
    await expect.poll(() => page.locator("#ws").textContent(), { timeout: 15_000 }).not.toBe("pending");
    return { out: (await page.locator("#out").textContent())!, ws: (await page.locator("#ws").textContent())! };
  };

  it("a listed origin calls /graphql (preflight and all) and opens the WebSocket", async () => {
    const { out, ws } = await open(`http://127.0.0.1:${port}`);
    expect(JSON.parse(out)).toMatchObject({ data: { me: { name: "Admin" } } });
    expect(ws).toBe("open");
    expect(cut.foreign).toEqual([]);
  });

  it("an origin outside the list is refused on both transports", async () => {
    const { out, ws } = await open(`http://localhost:${port}`);
    expect(out).toMatch(/^refused: /);
    expect(ws).toBe("refused");
    expect(cut.foreign).toEqual([]);
  });

  it("answers preflights: cached and without credentials for a listed origin, 403 FORBIDDEN for another", async () => {
    const preflight = (origin: string) =>
      fetch(api.url, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
    const allowed = await preflight(`http://127.0.0.1:${port}`);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(`http://127.0.0.1:${port}`);
    expect(allowed.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    expect(Number(allowed.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const refused = await preflight("https://evil.example.net");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("FORBIDDEN");
    // Apollo's CSRF prevention still refuses a simple (unpreflighted) request.
    const simple = await fetch(api.url, { method: "POST", headers: { origin: `http://127.0.0.1:${port}`, "content-type": "text/plain" }, body: "{}" });
    expect(simple.status).toBe(400);
  });
});

describe("CORS_ORIGINS", () => {
  it("defaults to any localhost port in embedded mode and to none in production or server mode", () => {
    expect(loadConfig({}, ["--memory"]).cors.origins).toEqual(LOCALHOST_ORIGINS);
    expect(loadConfig({ NODE_ENV: "production" }, ["--memory"]).cors.origins).toEqual([]);
    expect(loadConfig({ DATABASE_URL: "postgres://u@h:5432/d" }, []).cors.origins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.com, http://localhost:*" }, []).cors.origins).toEqual(["https://app.example.com", "http://localhost:*"]);
  });

  it("is one list with ALLOWED_ORIGINS as its deprecated name; bad entries are listed", () => {
    expect(loadConfig({ ALLOWED_ORIGINS: "https://app.example.com" }, []).cors.origins).toEqual(["https://app.example.com"]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: "https://a.example", CORS_ORIGINS: "https://b.example" }, [])).toThrow(/set CORS_ORIGINS only/);
    expect(() => loadConfig({ CORS_ORIGINS: "https://app.example.com/path, localhost" }, [])).toThrow(/"https:\/\/app.example.com\/path"[\s\S]*"localhost"/);
  });

  it("matches exact origins, any port of a `:*` entry, and `*`", () => {
    expect(originAllowed(LOCALHOST_ORIGINS, "http://localhost:5173")).toBe(true);
    expect(originAllowed(LOCALHOST_ORIGINS, "http://127.0.0.1:5173")).toBe(true);
    expect(originAllowed(LOCALHOST_ORIGINS, "http://localhost")).toBe(true);
    expect(originAllowed(LOCALHOST_ORIGINS, "http://localhost.evil.example:5173")).toBe(false);
    expect(originAllowed(LOCALHOST_ORIGINS, "https://localhost:5173")).toBe(false);
    expect(originAllowed(["https://app.example.com"], "https://app.example.com:8443")).toBe(false);
    expect(originAllowed(["*"], "https://anything.example")).toBe(true);
  });
});
