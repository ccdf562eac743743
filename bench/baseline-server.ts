/**
 * The baseline: a plain node:http server answering the bench's GraphQL query with ONE hand-written
 * SQL statement (lateral joins + json_agg) and JSON.stringify. No GraphQL, no auth, no ORM.
 *
 * Any request (method/path ignored, except GET /healthz) returns the same shape as
 *   { contacts(first: 50) { edges { node { id name email owner { id name } account { id name }
 *     openDealCount openDealAmount deals(first: 5) { edges { node { id name stage amount } } } } } } }
 * wrapped in { "data": ... }, for the `orgId` it was started with.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";

export interface BaselineOptions {
  url: string;
  orgId: number;
  /** Contacts per page (the GraphQL query asks for 50). */
  first?: number;
  /** Deals per contact (the GraphQL query asks for 5). */
  dealsFirst?: number;
  poolMax?: number;
  port?: number;
  host?: string;
}

export interface BaselineServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

interface Row {
  id: string;
  first_name: string | null;
  last_name: string;
  email: string | null;
  owner_id: string | null;
  owner_name: string | null;
  account_id: string | null;
  account_name: string | null;
  open_count: number;
  open_amount: string;
  /** [id, name, stage, amount] newest first. */
  deals: [number, string, string, number | null][];
}

/** Same encoding as src/modules/shared/global-id.ts: base64url of `Type:id`. */
const gid = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString("base64url");

export async function startBaselineServer(options: BaselineOptions): Promise<BaselineServer> {
  const sql = postgres(options.url, {
    max: options.poolMax ?? 10,
    onnotice: () => {},
    connection: { application_name: "crm-bench-baseline" },
  });
  const first = options.first ?? 50;
  const dealsFirst = options.dealsFirst ?? 5;

  const page = () => sql<Row[]>`
    select c.id, c.first_name, c.last_name, c.email,
           u.id as owner_id, u.name as owner_name,
           a.id as account_id, a.name as account_name,
           s.open_count, s.open_amount,
           coalesce(d.deals, '[]'::json) as deals
    from (
      select id, org_id, owner_id, account_id, first_name, last_name, email, created_at
      from contacts
      where org_id = ${options.orgId}
      order by created_at desc, id desc
      limit ${first}
    ) c
    left join users u on u.org_id = c.org_id and u.id = c.owner_id
    left join accounts a on a.org_id = c.org_id and a.id = c.account_id
    cross join lateral (
      select count(*)::int as open_count, coalesce(sum(amount), 0) as open_amount
      from deals
      where org_id = c.org_id and contact_id = c.id and stage not in ('CLOSED_WON', 'CLOSED_LOST')
    ) s
    left join lateral (
      select json_agg(json_build_array(x.id, x.name, x.stage, x.amount) order by x.created_at desc, x.id desc) as deals
      from (
        select id, name, stage, amount, created_at
        from deals
        where org_id = c.org_id and contact_id = c.id
        order by created_at desc, id desc
        limit ${dealsFirst}
      ) x
    ) d on true
    order by c.created_at desc, c.id desc`;

  const render = (rows: Row[]) =>
    JSON.stringify({
      data: {
        contacts: {
          edges: rows.map((r) => ({
            node: {
              id: gid("Contact", r.id),
              name: [r.first_name, r.last_name].filter(Boolean).join(" "),
              email: r.email,
              owner: r.owner_id === null ? null : { id: gid("User", r.owner_id), name: r.owner_name },
              account: r.account_id === null ? null : { id: gid("Account", r.account_id), name: r.account_name },
              openDealCount: r.open_count,
              openDealAmount: Number(r.open_amount),
              deals: {
                edges: r.deals.map(([id, name, stage, amount]) => ({ node: { id: gid("Deal", id), name, stage, amount } })),
              },
            },
          })),
        },
      },
    });

  const server = createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    // Drain any request body (autocannon may POST the same body as to /graphql).
    req.resume();
    page().then(
      (rows) => {
        const body = render(rows);
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
      },
      (error: unknown) => {
        console.error("baseline query failed", error);
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal"}');
      },
    );
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sql.end({ timeout: 5 });
    },
  };
}
