import type { OperationLimits } from "../config/config.js";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { badInput } from "../modules/shared/errors.js";
import { inputProblem } from "../modules/shared/validation.js";
import type { RateLimiter } from "./rate-limit.js";
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  parse,
  specifiedRules,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type VariableDefinitionNode,
} from "graphql";

/**
 * One policy for HTTP and WebSocket (DESIGN trap 4): graphql-armor's defaults, with depth raised
 * from 6 to 8 because our deepest real operation needs it (a lead's timeline with each signal's
 * collapsed follow-ups: node > timeline > edges > node > collapsedFollowUps > edges > node > id).
 */

type Limit = "depth" | "aliases" | "directives" | "cost" | "subscriptions" | "subscribeRate";

/** LIMIT_EXCEEDED naming the limit, its maximum and, when counted, what was found. */
export function limitExceeded(limit: Limit, max: number, found?: number): GraphQLError;
export function limitExceeded(limit: Limit, max: number, subject: "connection"): GraphQLError;
export function limitExceeded(limit: Limit, max: number, foundOrSubject?: number | "connection"): GraphQLError {
  const found = typeof foundOrSubject === "number" ? foundOrSubject : undefined;
  const subject = foundOrSubject === "connection" ? "This connection" : "The operation";
  return new GraphQLError(`${subject} exceeds the ${limit} limit of ${max}${found === undefined ? "" : ` (found ${found})`}`, {
    extensions: { code: "LIMIT_EXCEEDED", limit, max, ...(found === undefined ? {} : { found }) },
  });
}

/** graphql-armor throws its own untyped error; we report LIMIT_EXCEEDED through the validation context instead. */
const reject = (limit: Limit, max: number) => (context: ValidationContext | null, error: GraphQLError) => {
  const found = /found (\d+)/.exec(error.message)?.[1];
  context?.reportError(limitExceeded(limit, max, found === undefined ? undefined : Number(found)));
};

/** Validation rules added to graphql-js's specified rules, on both transports. */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  const rules = [
    maxDepthRule({ ...common, n: limits.depth, flattenFragments: true, onReject: [reject("depth", limits.depth)] }),
    maxAliasesRule({ ...common, n: limits.aliases, onReject: [reject("aliases", limits.aliases)] }),
    maxDirectivesRule({ ...common, n: limits.directives, onReject: [reject("directives", limits.directives)] }),
  ] as unknown as ValidationRule[];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/**
 * The cost of an operation: how many fields it may resolve. Each field costs 1, times the page
 * sizes of the connections around it (`first`, from a literal, a variable or the argument's
 * default). Unlike a validation rule, this sees the variables, so `first: $n` counts as much as
 * `first: 50`. The rate limits charge this cost. A `first` over the page cap is priced at the cap:
 * the connection answers it with BAD_USER_INPUT naming `first`, which says more than the cost limit.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  maxPageSize: number,
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // Priced with the variables as they will run: a `$first` left out takes its declared default.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  const values: Record<string, unknown> = coerced.coerced ?? { ...defaultsOf(operation.variableDefinitions ?? []), ...(variables ?? {}) };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const walk = (set: SelectionSetNode, type: GraphQLNamedType | undefined | null, multiplier: number, seen: Set<string>): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        total += multiplier;
        if (!sel.selectionSet) continue;
        const def = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[sel.name.value] : undefined;
        const firstArg = sel.arguments?.find((a) => a.name.value === "first");
        const given = firstArg ? valueFromASTUntyped(firstArg.value, values) : undefined;
        const first = typeof given === "number" ? given : def?.args.find((a) => a.name === "first")?.defaultValue;
        const inner = typeof first === "number" && first > 1 ? multiplier * Math.min(first, maxPageSize) : multiplier;
        total += walk(sel.selectionSet, def ? getNamedType(def.type) : undefined, inner, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const inner = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        total += walk(sel.selectionSet, inner, multiplier, seen);
      } else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || seen.has(sel.name.value)) continue;
        total += walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), multiplier, new Set([...seen, sel.name.value]));
      }
    }
    return total;
  };
  return walk(operation.selectionSet, root, 1, new Set());
}

function defaultsOf(definitions: readonly VariableDefinitionNode[]): Record<string, unknown> {
  return Object.fromEntries(
    definitions.filter((d) => d.defaultValue).map((d) => [d.variable.name.value, valueFromASTUntyped(d.defaultValue!)]),
  );
}

/**
 * Parses (within the token limit) and validates (graphql-js's rules and the policy's) an operation,
 * for transports where Apollo's pipeline does not run. Errors are returned, never thrown.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  limits: OperationLimits,
  request: { query: unknown },
): { document: DocumentNode; errors?: undefined } | { errors: GraphQLError[] } {
  if (typeof request.query !== "string") return { errors: [new GraphQLError("The operation must be a string", { extensions: { code: "BAD_REQUEST" } })] };
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: limits.tokens });
  } catch (error) {
    // As Apollo reports it (the formatter turns a token overrun into LIMIT_EXCEEDED on both transports).
    const message = error instanceof GraphQLError ? error.message : "Invalid operation";
    return { errors: [new GraphQLError(message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })] };
  }
  const errors = validate(schema, document, [...specifiedRules, ...limitRules(limits)]);
  if (errors.length) return { errors: [...errors] };
  return { document };
}

/**
 * What every transport (HTTP, WebSocket, the webhook) checks of a parsed, valid operation before
 * running it: variables PostgreSQL cannot store or nested too deeply for the recursive argument
 * conversion further on (named by the variable's path, as graphql-js names variable errors), then
 * the cost limit, then the caller's rate budget, charged with that cost. The error to answer, or null.
 */
/**
 * The cost of a document with given variables, priced once: Apollo and the WebSocket server keep a
 * parsed document as long as they cache it, and a client sends the same one with the same
 * variables again and again. Up to 64 small variable sets per document.
 */
const prices = new WeakMap<DocumentNode, Map<string, number>>();
function pricedOnce(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, price: () => number) {
  const key = `${operationName ?? ""}\u0000${JSON.stringify(variables ?? {})}`;
  // Large variables (a mutation's input) are rarely sent twice: priced each time, not kept.
  if (key.length > 1024) return price();
  let byInput = prices.get(document);
  if (!byInput) prices.set(document, (byInput = new Map()));
  let cost = byInput.get(key);
  if (cost === undefined) {
    cost = price();
    if (byInput.size >= 64) byInput.delete(byInput.keys().next().value!);
    byInput.set(key, cost);
  }
  return cost;
}

export async function admitOperation(args: {
  schema: GraphQLSchema;
  limits: OperationLimits;
  rateLimiter: RateLimiter;
  caller: string;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}): Promise<GraphQLError | null> {
  const problem = inputProblem(args.variables);
  if (problem) return badInput(problem.path.slice(1) || "variables", problem.message);
  const cost = pricedOnce(args.document, args.operationName, args.variables, () =>
    operationCost(args.schema, args.document, args.operationName, args.variables, args.limits.maxPageSize),
  );
  if (cost > args.limits.cost) return limitExceeded("cost", args.limits.cost, cost);
  return args.rateLimiter.charge(args.caller, cost);
}
