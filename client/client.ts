// A typed GraphQL client in two functions, for front ends and Node scripts: `request` over
// fetch, `subscribe` over graphql-ws. Documents come from client/generated (npm run codegen), so
// results and variables are typed by the operation, and each carries its trusted-document hash.
import type { Client } from "graphql-ws";
import type { TypedDocumentString } from "./generated/graphql.js";

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** The operation answered with errors; `errors` as the server sent them (codes in `extensions.code`). */
export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorItem[], readonly status?: number) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
  }
}

/** The body of a request: the text, and the document's hash (`documentId`) for trusted documents. */
function body<TVariables>(document: TypedDocumentString<unknown, TVariables>, variables: TVariables | undefined) {
  const hash = document.__meta__?.hash as string | undefined;
  return { query: document.toString(), variables: variables ?? undefined, ...(hash ? { extensions: { documentId: hash } } : {}) };
}

/** Runs a query or mutation over HTTP: its data, typed by the document, or a GraphQLRequestError. */
export async function request<TResult, TVariables>(
  endpoint: { url: string; token: string },
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  const res = await fetch(endpoint.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", authorization: `Bearer ${endpoint.token}` },
    body: JSON.stringify(body(document, variables)),
  });
  const result = (await res.json()) as { data?: TResult | null; errors?: GraphQLErrorItem[] };
  if (result.errors?.length) throw new GraphQLRequestError(result.errors, res.status);
  if (!result.data) throw new GraphQLRequestError([{ message: `HTTP ${res.status} without data` }], res.status);
  return result.data;
}

/** Runs a subscription over a graphql-ws client: each event's data, typed by the document. */
export async function* subscribe<TResult, TVariables>(
  client: Client,
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
): AsyncGenerator<TResult> {
  const { extensions, ...payload } = body(document, variables);
  for await (const result of client.iterate<TResult>({ ...payload, variables: payload.variables as Record<string, unknown> | undefined, extensions })) {
    if (result.errors?.length) throw new GraphQLRequestError(result.errors as GraphQLErrorItem[]);
    yield result.data as TResult;
  }
}
