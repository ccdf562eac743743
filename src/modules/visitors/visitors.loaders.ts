import DataLoader from "dataloader";
import type { LoaderScope } from "../shared/context.js";
import type { PageRequest } from "../shared/connection.js";
import { attachmentsByIds } from "../records/records.api.js";
import * as repo from "./visitors.repo.js";

const keyOf = (page: PageRequest) => `${page.limit}:${page.after ? `${page.after.value}:${page.after.id}` : ""}`;

/** One loader per page shape, so a page of parents shares one statement per child list. */
function keyed<L>(make: (page: PageRequest) => L) {
  const loaders = new Map<string, L>();
  return (page: PageRequest) => {
    const k = keyOf(page);
    let l = loaders.get(k);
    if (!l) loaders.set(k, (l = make(page)));
    return l;
  };
}

const group = <R>(rows: R[], keyOf: (r: R) => number, ids: readonly number[]) => {
  const out = new Map<number, R[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(keyOf(r))?.push(r);
  return ids.map((id) => out.get(id)!);
};

const position = (page: PageRequest) => (page.after ? { startedAt: new Date(String(page.after.value)), id: page.after.id } : null);

/**
 * The visitors module's DataLoaders: each batch is one statement. Callers check the parent
 * record's visibility (Lead.visits on a visible lead) before loading.
 */
export function createVisitorLoaders({ db, orgId }: LoaderScope) {
  const visitsOf = (recordType: "lead" | "contact") =>
    keyed((page) => new DataLoader<number, repo.VisitRow[]>(async (ids) => group(await repo.visitsOfRecords(db, orgId, recordType, ids, position(page), page.limit + 1), (r) => r.recordId!, ids)));
  const chatsOf = (recordType: "lead" | "contact") =>
    keyed((page) => new DataLoader<number, repo.ChatRow[]>(async (ids) => group(await repo.chatsOfRecords(db, orgId, recordType, ids, position(page), page.limit + 1), (r) => r.recordId!, ids)));
  const visitCount = (recordType: "lead" | "contact") =>
    new DataLoader<number, number>(async (ids) => {
      const counts = await repo.countVisitsOfRecords(db, orgId, recordType, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  const chatCount = (recordType: "lead" | "contact") =>
    new DataLoader<number, number>(async (ids) => {
      const counts = await repo.countChatsOfRecords(db, orgId, recordType, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  const actions = keyed(
    (page) =>
      new DataLoader<number, Awaited<ReturnType<typeof repo.actionsOfVisits>>>(async (ids) =>
        group(await repo.actionsOfVisits(db, ids, page.after ? page.after.id : 0, page.limit + 1), (r) => r.visitId, ids),
      ),
  );
  const actionCount = new DataLoader<number, number>(async (ids) => {
    const counts = await repo.countActionsOfVisits(db, ids);
    return ids.map((id) => counts.get(id) ?? 0);
  });
  // A chat's transcript is on the chat's record: whoever may see the chat may see it.
  const transcripts = new DataLoader((ids: readonly number[]) => attachmentsByIds(db, { orgId, ids }));
  return {
    transcripts,
    visits: { lead: visitsOf("lead"), contact: visitsOf("contact") },
    chats: { lead: chatsOf("lead"), contact: chatsOf("contact") },
    visitCount: { lead: visitCount("lead"), contact: visitCount("contact") },
    chatCount: { lead: chatCount("lead"), contact: chatCount("contact") },
    actions,
    actionCount,
  };
}

export type VisitorLoaders = ReturnType<typeof createVisitorLoaders>;

declare module "../shared/context.js" {
  interface Loaders {
    visitors: VisitorLoaders;
  }
}
