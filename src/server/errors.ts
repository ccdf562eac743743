import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";

/** Codes whose messages the client caused and may read. Anything else is masked. */
const CLIENT_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "LIMIT_EXCEEDED",
  "OPERATION_NOT_TRUSTED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

export const INTERNAL_MESSAGE = "Internal server error";

/** graphql-js names the offending input in its coercion messages; lift it into `extensions.field`. */
function fieldFromMessage(message: string): string | undefined {
  const at = /got invalid value .* at "([^"]+)"/.exec(message);
  const missing = /Field "([^"]+)" of required type .* was not provided/.exec(message);
  const variable = /Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message);
  const notDefined = /Field "([^"]+)" is not defined by type/.exec(message);
  const base = at?.[1] ?? variable?.[1];
  const leaf = missing?.[1] ?? notDefined?.[1];
  if (base && leaf) return `${base}.${leaf}`;
  return base ?? leaf;
}

/** Whether an error is one a client caused (safe to show) rather than a fault of ours. */
export function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (!(original instanceof GraphQLError)) return false;
  const code = original.extensions?.code;
  // Without a code, document-level errors (no path: parse, validation and variable coercion
  // outside Apollo) are the client's; an error without a code during execution is ours.
  if (code === undefined) return !original.path;
  return typeof code === "string" && CLIENT_CODES.has(code);
}

/** graphql-js's parse error when a document has more tokens than `maxTokens`. */
const TOO_MANY_TOKENS = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * One formatter for both transports: client errors keep their message, code and field, without
 * stack traces; anything else becomes "Internal server error" (it is logged elsewhere, with the request id).
 * With `hideSchemaDetails` (production), validation messages lose graphql-js's "Did you mean ...?"
 * suggestions, which would spell out the schema to a caller without introspection.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, hideSchemaDetails = false): GraphQLFormattedError {
  if (!isClientError(error)) {
    return { message: INTERNAL_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
  const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (extensions.code === undefined) {
    extensions.code = formatted.message.startsWith('Variable "$') ? "BAD_USER_INPUT" : "GRAPHQL_VALIDATION_FAILED";
  }
  // Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; the limit rules' errors keep theirs.
  if (typeof extensions.limit === "string") extensions.code = "LIMIT_EXCEEDED";
  const tokens = TOO_MANY_TOKENS.exec(formatted.message);
  if (tokens) Object.assign(extensions, { code: "LIMIT_EXCEEDED", limit: "tokens", max: Number(tokens[1]) });
  if (extensions.code === "BAD_USER_INPUT" && extensions.field === undefined) {
    const field = fieldFromMessage(formatted.message);
    if (field) extensions.field = field;
  }
  const message = hideSchemaDetails ? formatted.message.replace(/ Did you mean .*\?$/, "") : formatted.message;
  return { ...formatted, message, extensions };
}

/** Apollo's `formatError`, shared by both transports: in production, without schema details. */
export function clientErrorFormatter(hideSchemaDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, hideSchemaDetails);
}

/** Over WebSocket: errors that are ours are logged, then every error is formatted for the client. */
export function wsErrorReporter(log: Logger, format: ReturnType<typeof clientErrorFormatter>) {
  return (errors: readonly GraphQLError[], where: Record<string, unknown>) => {
    for (const error of errors) if (!isClientError(error)) log.error({ err: error.originalError ?? error, ...where }, "unexpected error");
    return errors.map((e) => format(e.toJSON(), e));
  };
}
