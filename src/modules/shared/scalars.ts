import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";

type Maybe<T> = T | null | undefined;
type ObjMap<T> = Record<string, T>;
import { DateTimeResolver, JSONResolver } from "graphql-scalars";

/** A valid date in the years PostgreSQL's timestamptz reads back from an ISO string: 0001 to 9999. */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

function inStorableRange(date: Date): Date {
  if (!isStorableDate(date)) {
    throw new GraphQLError("DateTime must be between the years 0001 and 9999", { extensions: { code: "BAD_USER_INPUT" } });
  }
  return date;
}

/** graphql-scalars' RFC 3339 DateTime, limited to the years the database stores. */
export const DateTimeScalar = new GraphQLScalarType<Date, Date>({
  ...DateTimeResolver.toConfig(),
  parseValue: (value: unknown) => inStorableRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables?: Maybe<ObjMap<unknown>>) => inStorableRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
});
/**
 * graphql-scalars parses an inline object literal (`details: { durationSeconds: 420 }`) into an
 * object without a prototype, which drizzle cannot insert ("Cannot read properties of null"):
 * rebuilt here as plain objects, like values that arrive in variables.
 */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** graphql-scalars' JSON, with inline object literals parsed into plain objects. */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseLiteral: (ast: ValueNode, variables?: Maybe<ObjMap<unknown>>) => plain(JSONResolver.parseLiteral(ast, variables)),
});

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(value: unknown): string {
  if (typeof value !== "string" || !DATE_RE.test(value)) {
    throw new GraphQLError(`Date must be a string in the form YYYY-MM-DD`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new GraphQLError(`"${value}" is not a calendar date`, { extensions: { code: "BAD_USER_INPUT" } });
  }
  return value;
}

/** A calendar date without time or zone, `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar date without a time or time zone, as `YYYY-MM-DD` (ISO 8601).",
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("Date must be a string in the form YYYY-MM-DD");
    return parseDate(ast.value);
  },
});
