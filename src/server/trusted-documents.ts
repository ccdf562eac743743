import { readFileSync } from "node:fs";
import { GraphQLError, Kind, parse, print, visit, type ASTNode, type DocumentNode } from "graphql";

/** The code of an operation refused because it is not in the manifest of trusted documents. */
export const NOT_TRUSTED = "OPERATION_NOT_TRUSTED";

/**
 * The manifest codegen emits (client/generated/persisted-documents.json): `"sha256:<hex>"` →
 * document text. With TRUSTED_DOCUMENTS set, user tokens may run only these operations, named by
 * hash (`extensions.documentId`, or a `documentId` field) or sent as the same document.
 */
export interface TrustedDocuments {
  /** The text of a document id (`sha256:<hex>` or the bare hex), or undefined. */
  text(documentId: string): string | undefined;
  /** Null when the operation may run; otherwise the error to answer with. */
  check(request: { query?: unknown; documentId?: unknown }): GraphQLError | null;
  size: number;
}

/**
 * The same document whatever its layout: parsed, locations dropped, the selections, variables,
 * arguments and directives sorted, printed. Two texts are "identical" when these are equal.
 */
export function canonicalDocument(text: string): string | null {
  let document: DocumentNode;
  try {
    document = parse(text, { noLocation: true });
  } catch {
    return null;
  }
  const byPrint = <T extends ASTNode>(nodes: readonly T[] | undefined) => (nodes ? [...nodes].sort((a, b) => print(a).localeCompare(print(b))) : nodes);
  const sorted = visit(document, {
    leave(node: ASTNode) {
      switch (node.kind) {
        case Kind.SELECTION_SET:
          return { ...node, selections: byPrint(node.selections) };
        case Kind.OPERATION_DEFINITION:
          return { ...node, variableDefinitions: byPrint(node.variableDefinitions) };
        case Kind.FIELD:
        case Kind.DIRECTIVE:
          return { ...node, arguments: byPrint(node.arguments) };
        case Kind.OBJECT:
          return { ...node, fields: byPrint(node.fields) };
        default:
          return undefined;
      }
    },
  });
  return print({ ...sorted, definitions: byPrint(sorted.definitions)! });
}

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: NOT_TRUSTED } });

export function createTrustedDocuments(manifest: Record<string, string>): TrustedDocuments {
  const byId = new Map<string, string>();
  const canonical = new Set<string>();
  for (const [id, text] of Object.entries(manifest)) {
    byId.set(id, text);
    byId.set(id.replace(/^sha256:/, ""), text);
    const key = canonicalDocument(text);
    if (key) canonical.add(key);
  }
  return {
    size: Object.keys(manifest).length,
    text: (documentId) => byId.get(documentId),
    check({ query, documentId }) {
      if (typeof documentId === "string") {
        const text = byId.get(documentId);
        if (!text) return refuse(`Document ${documentId} is not a trusted document of this server`);
        if (typeof query === "string" && canonicalDocument(query) !== canonicalDocument(text)) {
          return refuse(`The query sent is not the trusted document ${documentId}`);
        }
        return null;
      }
      if (typeof query !== "string") return refuse("Only trusted documents may run: send one by its documentId or its text");
      const key = canonicalDocument(query);
      return key && canonical.has(key) ? null : refuse("This operation is not a trusted document of this server (TRUSTED_DOCUMENTS)");
    },
  };
}

/** Reads the manifest at `path`: a JSON object of id → document text; anything else throws. */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as unknown;
  if (!manifest || typeof manifest !== "object" || Array.isArray(manifest) || !Object.values(manifest).every((v) => typeof v === "string")) {
    throw new Error(`TRUSTED_DOCUMENTS: ${path} is not a JSON object of document id → document text`);
  }
  return createTrustedDocuments(manifest as Record<string, string>);
}

/** The document id a request names: `extensions.documentId` (our client) or a top-level `documentId`. */
export function documentIdOf(body: { documentId?: unknown; extensions?: unknown } | undefined): unknown {
  if (!body) return undefined;
  const extensions = body.extensions as { documentId?: unknown } | undefined;
  return body.documentId ?? extensions?.documentId;
}
