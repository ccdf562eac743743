import { badInput } from "./errors.js";

/** Every type that implements Node, and so may appear in a global ID. */
export const NODE_TYPES = [
  "Organization",
  "User",
  "Lead",
  "Contact",
  "Account",
  "Deal",
  "Task",
  "Note",
  "Attachment",
  "CustomField",
  "IntegrationKey",
  "ApiToken",
  "TimelineEntry",
  "Notification",
  "SocialProfile",
  "Visit",
  "Chat",
  "VisitorRule",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Opaque to clients: base64url of `Type:id`. */
export function encodeGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString("base64url");
}

export function decodeGlobalId(globalId: string, field = "id"): { type: NodeType; id: number } {
  const text = Buffer.from(globalId, "base64url").toString("utf8");
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(text);
  const type = match?.[1] as NodeType | undefined;
  const id = match ? Number(match[2]) : NaN;
  if (!type || !NODE_TYPES.includes(type) || !Number.isSafeInteger(id)) {
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
