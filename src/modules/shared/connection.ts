import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { badInput } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `How many items, 0 to ${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  after?: string | null;
}

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "True when this page was requested with `after`." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A keyset position: the sort key it belongs to, the sort value and the row id. */
export interface Cursor {
  key: string;
  value: string | number;
  id: number;
}

export interface PageRequest {
  limit: number;
  after: Cursor | null;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.value, cursor.id])).toString("base64url");
}

export function decodeCursor(text: string, expectedKey: string, field = "after"): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== "string" ||
    !(typeof parsed[1] === "string" || typeof parsed[1] === "number") ||
    !Number.isSafeInteger(parsed[2])
  ) {
    throw badInput(field, "is not a valid cursor");
  }
  if (parsed[0] !== expectedKey) {
    throw badInput(field, "belongs to a list with another order or filter; start again without `after`");
  }
  return { key: parsed[0], value: parsed[1], id: parsed[2] };
}

/** Validates `first` (a larger value is an error, never a silent clamp) and decodes `after`. */
export function parsePage(args: { first?: number | null; after?: string | null }, cursorKey: string): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput("first", `must be between 0 and ${MAX_PAGE_SIZE}`, { max: MAX_PAGE_SIZE });
  }
  return { limit: first, after: args.after ? decodeCursor(args.after, cursorKey) : null };
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  /** Counted only when the client asks for it (a getter), at most once. */
  readonly totalCount: Promise<number>;
}

/**
 * Shapes `limit + 1` fetched rows into a connection. Cursors and the total are computed only
 * when a client asks for them (getters): most pages never read a cursor but the last.
 */
export function toConnection<R, N>(args: {
  rows: R[];
  page: PageRequest;
  cursorOf: (row: R) => Cursor;
  toNode: (row: R) => N;
  count: () => Promise<number>;
}): Connection<N> {
  const { rows, page, cursorOf } = args;
  const hasNextPage = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  const edges = kept.map((row) => ({
    node: args.toNode(row),
    get cursor() {
      return encodeCursor(cursorOf(row));
    },
  }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.after !== null,
      get startCursor() {
        return kept.length ? encodeCursor(cursorOf(kept[0]!)) : null;
      },
      get endCursor() {
        return kept.length ? encodeCursor(cursorOf(kept[kept.length - 1]!)) : null;
      },
    },
    get totalCount() {
      return (total ??= args.count());
    },
  };
}

const connectionTypes = new Map<string, ClassType>();

/** `<Name>Connection` and `<Name>Edge` object types for a node type, made once per name. */
export function ConnectionType<N extends object>(name: string, nodeType: () => ClassType<N>): ClassType<Connection<N>> {
  const existing = connectionTypes.get(name);
  if (existing) return existing as ClassType<Connection<N>>;

  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(nodeType)
    node!: N;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionClass {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items match, across all pages." })
    totalCount!: number;
  }
  connectionTypes.set(name, ConnectionClass);
  return ConnectionClass as unknown as ClassType<Connection<N>>;
}
