import DataLoader from "dataloader";
import type { Db } from "../../db/client.js";
import { lazyObject } from "../../server/lazy.js";
import type { Viewer } from "../shared/viewer.js";
import type { TimelineEntry } from "../timeline/timeline-entry.type.js";
import * as repo from "./signal.repo.js";
import { toTimelineEntry } from "./signal.service.js";

/** Timeline entries by id, within the viewer's org. Visibility follows the record, checked by the caller. */
export function createSignalLoaders(db: Db, viewer: Viewer | null) {
  const orgId = viewer?.orgId ?? -1;
  return lazyObject({
    timelineEntries: () =>
      new DataLoader<number, TimelineEntry | null>(async (ids) => {
      const rows = await repo.findInteractionsByIds(db, orgId, ids);
      const byId = new Map(rows.map((r) => [r.id, toTimelineEntry(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  });
}
