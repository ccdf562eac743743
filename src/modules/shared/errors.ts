import { GraphQLError } from "graphql";

/** The stable codes a client can rely on (`extensions.code`). */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "LIMIT_EXCEEDED";

/** A client-caused error: its message is safe to show and its code is stable. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: { field?: string; [key: string]: unknown } = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
  get field(): string | undefined {
    return this.extensions.field as string | undefined;
  }
}

export const badInput = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError("BAD_USER_INPUT", message, { field, ...extra });
export const notFound = (what: string, field?: string) =>
  new AppError("NOT_FOUND", `${what} not found`, field ? { field } : {});
export const forbidden = (message = "You do not have permission to do this", field?: string) =>
  new AppError("FORBIDDEN", message, field ? { field } : {});
export const unauthenticated = (message = "A valid API token is required") =>
  new AppError("UNAUTHENTICATED", message);
export const conflict = (message: string, field?: string) =>
  new AppError("CONFLICT", message, field ? { field } : {});
export const limitExceeded = (message: string, field?: string) =>
  new AppError("LIMIT_EXCEEDED", message, field ? { field } : {});
