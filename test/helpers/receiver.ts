import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the receiver does with one request: answer with a status (after a delay), never answer, or drop the connection. */
export type Reaction = { status: number; delayMs?: number; body?: string } | "hang" | "drop";

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  at: number;
  /** What the receiver answered (null when it hung or dropped). */
  answered: number | null;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Decides each request's reaction from the request and how many came before it; 200 by default. */
  react: (req: ReceivedRequest, index: number) => Reaction;
  close(): Promise<void>;
}

/** A real webhook receiver on a free loopback port, recording every request. */
export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: "",
    port: 0,
    requests: [],
    react: () => ({ status: 200 }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const record: ReceivedRequest = { headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now(), answered: null };
      const index = receiver.requests.length;
      receiver.requests.push(record);
      const reaction = receiver.react(record, index);
      if (reaction === "hang") {
        hanging.add(res);
        return;
      }
      if (reaction === "drop") {
        req.socket.destroy();
        return;
      }
      setTimeout(() => {
        record.answered = reaction.status;
        res.writeHead(reaction.status, { "content-type": "text/plain" }).end(reaction.body ?? "");
      }, reaction.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
  return receiver;
}
