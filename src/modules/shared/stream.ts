import { unauthenticated } from "./errors.js";

/** Sent in place of an event when the subscriber lost access; the resolver turns it into an error and the stream ends. */
export const ACCESS_LOST = Symbol("access lost");
export type StreamEvent<T> = T | typeof ACCESS_LOST;

/** In a subscription's resolver: the pushed value, or the error that ends the stream when access was lost. */
export function unwrap<T>(event: StreamEvent<T>): T {
  if (event === ACCESS_LOST) throw unauthenticated("Access to this subscription was revoked");
  return event;
}

/** How many stored rows a live stream reads at a time. */
export const STREAM_BATCH = 100;
