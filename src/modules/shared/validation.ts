import { getMetadataStorage, validate, type ValidationError } from "class-validator";
import type { ValidatorFn } from "type-graphql";
import { badInput } from "./errors.js";

function firstError(errors: ValidationError[], path: string[]): { path: string[]; message: string } | null {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints) {
      const message = Object.values(error.constraints)[0] ?? "is invalid";
      return { path: here, message };
    }
    const nested = firstError(error.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

/**
 * type-graphql's argument validator: class-validator rules on input classes, reported as one
 * BAD_USER_INPUT error naming the offending field by its path (`input.email`, `input.deal.stage`).
 */
/** How deeply arguments (JSON included) may nest: deeper is refused before anything walks them recursively. */
export const MAX_INPUT_DEPTH = 32;

const unstorable = (text: string) => text.includes("\u0000") || !text.isWellFormed();

/**
 * What is wrong with a value before anything else reads it, or null: a string (value or object
 * key) PostgreSQL cannot store as text (one holding U+0000, or not well-formed Unicode: a lone
 * surrogate, which JSON can carry), or nesting deeper than MAX_INPUT_DEPTH. Walks without
 * recursion, so no input can overflow the stack here.
 */
export function inputProblem(value: unknown): { path: string; message: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === "string") {
      if (unstorable(item.value)) return { path: item.path, message: "must be well-formed Unicode without the NUL character (U+0000)" };
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.depth >= MAX_INPUT_DEPTH) return { path: item.path, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    for (const [key, inner] of Object.entries(item.value)) {
      if (unstorable(key)) return { path: item.path, message: "has a key that is not well-formed Unicode or holds the NUL character (U+0000)" };
      stack.push({ value: inner, path: `${item.path}.${key}`, depth: item.depth + 1 });
    }
  }
  return null;
}

/**
 * Whether class-validator has any rule for instances of this class: page arguments and most
 * filters have none, and asking class-validator costs every field resolver call that takes them
 * (a contacts page's `deals(first:)`, once per contact).
 */
const ruled = new Map<Function, boolean>();
function hasRules(ctor: Function): boolean {
  let has = ruled.get(ctor);
  if (has === undefined) {
    has = ctor !== Object && getMetadataStorage().getTargetValidationMetadatas(ctor, "", true, false).length > 0;
    ruled.set(ctor, has);
  }
  return has;
}

export const validateArgument: ValidatorFn = async (value, _type, { args }) => {
  // type-graphql hands over the argument converted to its input class: find its name by value.
  const nameOf = () =>
    Object.keys(args).find((key) => args[key] === value) ??
    Object.keys(args).find((key) => JSON.stringify(args[key]) === JSON.stringify(value)) ??
    "input";
  // Every argument, scalars and JSON included: such input would otherwise fail in the database
  // or overflow a recursive walk further on.
  const problem = inputProblem(value);
  if (problem) throw badInput(`${nameOf()}${problem.path}`, problem.message);
  if (value === null || typeof value !== "object") return;
  const argName = nameOf();
  const items: unknown[] = Array.isArray(value) ? value : [value];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== "object" || !hasRules(item.constructor)) continue;
    const errors = await validate(item as object, { skipMissingProperties: true, forbidUnknownValues: false });
    const first = firstError(errors, Array.isArray(value) ? [argName, String(index)] : [argName]);
    if (first) {
      const field = first.path.join(".");
      throw badInput(field, first.message);
    }
  }
};

/** How far in the future an event's time may be: integrations' clocks drift. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** The largest `details` object accepted, serialised. */
export const MAX_DETAILS_BYTES = 16 * 1024;

/** The earliest event time accepted: intervals between events then fit a GraphQL Int. */
export const EARLIEST_EVENT = new Date("1970-01-01T00:00:00Z");

/** An event time from 1970 on, no more than CLOCK_SKEW_MS ahead of the server's clock. */
export function assertEventTime(at: Date, path: string, now = Date.now()): void {
  if (at.getTime() > now + CLOCK_SKEW_MS) throw badInput(path, "is in the future (more than 5 minutes ahead of the server's clock)");
  if (at.getTime() < EARLIEST_EVENT.getTime()) throw badInput(path, "is before 1970");
}

/** A JSON object (not an array or a scalar) of at most MAX_DETAILS_BYTES; null and undefined give `{}`. */
export function detailsObject(raw: unknown, path: string): Record<string, unknown> {
  const value = raw ?? {};
  if (typeof value !== "object" || Array.isArray(value)) throw badInput(path, "must be a JSON object");
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_DETAILS_BYTES) {
    throw badInput(path, `is larger than ${MAX_DETAILS_BYTES} bytes`, { max: MAX_DETAILS_BYTES });
  }
  return value as Record<string, unknown>;
}
