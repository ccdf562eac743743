import * as repo from "./timeline.repo.js";

/** CORE-13, CORE-14: a record's timeline follows it on conversion and goes with it on deletion. */
export const moveTimeline = repo.moveEntries;
export const deleteTimeline = repo.deleteEntries;
