import { validate, type ValidationError } from "class-validator";
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
/**
 * The path of the first string PostgreSQL cannot store as text, or null: one holding U+0000, or
 * one that is not well-formed Unicode (a lone surrogate, which JSON can carry).
 */
function pathOfUnstorable(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") || !value.isWellFormed() ? path : null;
  if (value === null || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = pathOfUnstorable(inner, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

export const validateArgument: ValidatorFn = async (value, _type, { args }) => {
  // type-graphql hands over the argument converted to its input class: find its name by value.
  const nameOf = () =>
    Object.keys(args).find((key) => args[key] === value) ??
    Object.keys(args).find((key) => JSON.stringify(args[key]) === JSON.stringify(value)) ??
    "input";
  // Every argument, scalars and JSON included: such a string would otherwise fail in the database.
  const unstorable = pathOfUnstorable(value, "");
  if (unstorable !== null) {
    throw badInput(`${nameOf()}${unstorable}`, "must be well-formed Unicode without the NUL character (U+0000)");
  }
  if (value === null || typeof value !== "object") return;
  const argName = nameOf();
  const items: unknown[] = Array.isArray(value) ? value : [value];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== "object") continue;
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

/** An event time no more than CLOCK_SKEW_MS ahead of the server's clock. */
export function assertNotInFuture(at: Date, path: string, now = Date.now()): void {
  if (at.getTime() > now + CLOCK_SKEW_MS) throw badInput(path, "is in the future (more than 5 minutes ahead of the server's clock)");
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
