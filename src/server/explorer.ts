import { createHash } from "node:crypto";
import type { Express, Request, Response } from "express";
import { explorerTabs, type ExplorerDemo } from "./explorer-examples.js";

/**
 * The in-browser explorer: GraphiQL 5 as bundled by `@graphql-yoga/render-graphiql` (React,
 * Monaco and its workers in one npm package), served by us. Nothing is loaded from a CDN and
 * nothing is reported anywhere: the page's Content-Security-Policy only lets it reach this
 * origin, so it works with the network cut.
 */
export interface Explorer {
  /** Pre-fills the header editors with the demo credentials (embedded demo mode; never in production). */
  setDemo(demo: ExplorerDemo | null): void;
}

/** Sent by the explorer's requests (and `explorer: true` in its WebSocket's connectionParams). */
export const EXPLORER_HEADER = "x-crm-explorer";

type Assets = Record<"js" | "css" | "editor" | "json" | "graphql" | "init", string> & { favicon: Buffer; version: string };

const ASSET_TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".ico": "image/x-icon" };

/** Runs in the page after GraphiQL's bundle: the Monaco workers, the WebSocket's token, stale tabs. */
const INIT_SCRIPT = `(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("explorer-config").textContent);
  // Tabs saved by an earlier visit keep the token of that visit: start afresh when the defaults changed.
  var STAMP = "crm-explorer:defaults";
  try {
    if (localStorage.getItem(STAMP) !== config.stamp) {
      localStorage.removeItem("graphiql:tabState");
      localStorage.removeItem("graphiql:headers");
      localStorage.removeItem("graphiql:query");
      localStorage.setItem(STAMP, config.stamp);
    }
  } catch (e) {}
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return config.assets + "/worker-" + (label === "json" || label === "graphql" ? label : "editor") + ".js";
    },
  };
  // graphql-ws authenticates the socket once, from connectionParams: take the Authorization
  // header of the tab that opens it (the socket closes when its last subscription ends).
  var activeHeaders = null;
  function authorization() {
    var headers = activeHeaders;
    if (headers == null) {
      try {
        var state = JSON.parse(localStorage.getItem("graphiql:tabState"));
        headers = state.tabs[state.activeTabIndex].headers;
      } catch (e) {}
    }
    if (headers == null && config.graphiql.defaultTabs[0]) headers = config.graphiql.defaultTabs[0].headers;
    try {
      var parsed = JSON.parse(headers || "{}");
      for (var name in parsed) if (name.toLowerCase() === "authorization") return String(parsed[name]);
    } catch (e) {}
    return null;
  }
  var options = Object.assign({}, config.graphiql, {
    connectionParams: function () {
      var value = authorization();
      return value ? { authorization: value, explorer: true } : { explorer: true };
    },
    onTabChange: function (state) {
      var tab = state.tabs[state.activeTabIndex];
      activeHeaders = tab ? tab.headers : null;
    },
  });
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), options);
})();
`;

/** The page's policy: scripts, styles, workers and connections from this origin only. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

let assetsPromise: Promise<Assets> | null = null;

/** Loaded on the first visit, not at start-up: the bundle is 9 MB of JavaScript. */
function loadAssets(): Promise<Assets> {
  return (assetsPromise ??= import("@graphql-yoga/render-graphiql/graphiql").then((m) => {
    const version = createHash("sha256").update(m.js).update(m.css).update(INIT_SCRIPT).digest("hex").slice(0, 12);
    const favicon = Buffer.from(m.favicon.slice(m.favicon.indexOf(",") + 1), "base64");
    return { js: m.js, css: m.css, editor: m.editorWorkerService, json: m.jsonWorker, graphql: m.graphqlWorker, init: INIT_SCRIPT, favicon, version };
  }));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script> element: no "</script>" or "<!--" can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function renderPage({ assets, endpoint, demo, title }: { assets: Assets; endpoint: string; demo: ExplorerDemo | null; title: string }) {
  const tabs = explorerTabs(demo);
  const base = `/explorer/${assets.version}`;
  const config = {
    assets: base,
    // Changes when the demo credentials do, so a browser never keeps a token from another run.
    stamp: createHash("sha256").update(JSON.stringify(demo ?? null)).update(assets.version).digest("hex").slice(0, 16),
    graphiql: {
      endpoint,
      title,
      logo: "",
      subscriptionsProtocol: "WS",
      credentials: "omit",
      // Lets TRUSTED_DOCUMENTS exempt the explorer in development (never in production).
      additionalHeaders: { [EXPLORER_HEADER]: "1" },
      defaultTabs: tabs,
      // GraphiQL fills the first tab's variable and header editors from these, not from defaultTabs.
      variables: tabs[0]?.variables,
      headers: tabs[0]?.headers,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: true,
      schemaDescription: true,
    },
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="${base}/favicon.ico" />
    <link rel="stylesheet" href="${base}/graphiql.css" />
  </head>
  <body class="no-focus-outline">
    <noscript>The explorer needs JavaScript.</noscript>
    <div id="root" style="height: 100vh"></div>
    <script id="explorer-config" type="application/json">${scriptJson(config)}</script>
    <script src="${base}/graphiql.js"></script>
    <script src="${base}/init.js"></script>
  </body>
</html>
`;
}

/** A browser navigating to the endpoint (it prefers HTML), as opposed to a GraphQL client's GET. */
export function wantsExplorer(req: Request): boolean {
  return req.method === "GET" && req.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}

/**
 * Mounts the explorer: `GET <endpoint>` from a browser serves the page, `/explorer/<version>/*`
 * its assets (immutable: the version is a hash of their content). Mount it before the GraphQL
 * middleware. Queries go to the endpoint over HTTP, subscriptions over graphql-ws on the same URL.
 */
export function mountExplorer(app: Express, { endpoint, title = "CRM graph explorer" }: { endpoint: string; title?: string }): Explorer {
  let demo: ExplorerDemo | null = null;
  app.get(endpoint, async (req: Request, res: Response, next: (error?: unknown) => void) => {
    if (!wantsExplorer(req)) return next();
    try {
      const assets = await loadAssets();
      res.setHeader("Content-Security-Policy", CSP);
      res.setHeader("X-Content-Type-Options", "nosniff");
      // The page may carry the demo token: never stored by a cache.
      res.setHeader("Cache-Control", "no-store");
      res.type("html").send(renderPage({ assets, endpoint, demo, title }));
    } catch (error) {
      next(error);
    }
  });
  app.get("/explorer/:version/:file", async (req: Request, res: Response, next: (error?: unknown) => void) => {
    try {
      const assets = await loadAssets();
      const file = req.params.file as string;
      const match = /^(graphiql\.js|graphiql\.css|init\.js|favicon\.ico|worker-(editor|json|graphql)\.js)$/.exec(file);
      if (req.params.version !== assets.version || !match) {
        res.status(404).type("text/plain").send("Not found");
        return;
      }
      const named: Record<string, string | Buffer> = { "graphiql.js": assets.js, "graphiql.css": assets.css, "init.js": assets.init, "favicon.ico": assets.favicon };
      const body = named[file] ?? assets[match[2] as "editor" | "json" | "graphql"];
      res.setHeader("Content-Type", ASSET_TYPES[file.slice(file.lastIndexOf("."))]!);
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.send(body);
    } catch (error) {
      next(error);
    }
  });
  return {
    setDemo(value) {
      demo = value;
    },
  };
}
