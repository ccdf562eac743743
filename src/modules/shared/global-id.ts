import { badInput } from "./errors.js";

/**
 * The type names a global ID may carry, declared by the module that owns each type (declaration
 * merging), so a new module adds its own without an edit here:
 *
 *     declare module "../shared/global-id.js" { interface GlobalIdTypes { Webhook: true } }
 *
 * What `node(id:)` answers for a name is the module's `nodeTypes`; a well-formed ID of a name no
 * module serves is NOT_FOUND there, and a bad input wherever a particular type is expected.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GlobalIdTypes {}
export type NodeType = keyof GlobalIdTypes & string;

/** Opaque to clients: base64url of `Type:id`. */
export function encodeGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString("base64url");
}

export function decodeGlobalId(globalId: string, field = "id"): { type: NodeType; id: number } {
  const text = Buffer.from(globalId, "base64url").toString("utf8");
  const match = /^([A-Z][A-Za-z]{0,63}):([1-9][0-9]{0,15})$/.exec(text);
  const type = match?.[1] as NodeType | undefined;
  const id = match ? Number(match[2]) : NaN;
  if (!type || !Number.isSafeInteger(id)) {
    throw badInput(field, `"${globalId.slice(0, 64)}" is not a valid ID`);
  }
  return { type, id };
}

/** Decodes an ID that must be of one of `types`; a valid ID of another type is a bad input. */
export function decodeIdOf<T extends NodeType>(
  globalId: string,
  types: readonly T[],
  field: string,
): { type: T; id: number } {
  const decoded = decodeGlobalId(globalId, field);
  if (!types.includes(decoded.type as T)) {
    throw badInput(field, `expected the ID of a ${types.join(" or ")}, got a ${decoded.type}`);
  }
  return decoded as { type: T; id: number };
}

export const decodeIdOfType = (globalId: string, type: NodeType, field: string): number =>
  decodeIdOf(globalId, [type], field).id;
