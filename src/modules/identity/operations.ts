import { forbidden, unauthenticated } from "../shared/errors.js";
import { AdminLevel, App, AppRole, type Viewer } from "../shared/viewer.js";

/**
 * The operations matrix of the suite's administration (ADM-3): every admin operation and who may
 * do it. Every mutation and query below asks `authorize(viewer, operation)` and nothing else; the
 * test suite checks each cell (test/admin-matrix.test.ts).
 */
export enum Operation {
  CHANGE_ACCOUNT_ADMIN = "CHANGE_ACCOUNT_ADMIN",
  CHANGE_PORTAL_URL = "CHANGE_PORTAL_URL",
  UPDATE_ORGANIZATION = "UPDATE_ORGANIZATION",
  SET_ADMIN_LEVEL = "SET_ADMIN_LEVEL",
  ADD_USER = "ADD_USER",
  ACTIVATE_USER = "ACTIVATE_USER",
  DEACTIVATE_USER = "DEACTIVATE_USER",
  REINVITE_USER = "REINVITE_USER",
  EXPORT_USER_DATA = "EXPORT_USER_DATA",
  DELETE_USER = "DELETE_USER",
  SET_USER_APPS = "SET_USER_APPS",
  UPDATE_USER = "UPDATE_USER",
  CHANGE_SUBSCRIPTION = "CHANGE_SUBSCRIPTION",
  VIEW_SUBSCRIPTION = "VIEW_SUBSCRIPTION",
  VIEW_AUDIT_LOG = "VIEW_AUDIT_LOG",
}

/**
 * Who may: the account admin, suite admins, and app admins (a user with the ADMIN role in an
 * app). `APP_ADMIN_OWN_APPS`: an app admin, for the apps they administer only (ADM-2: app
 * admins manage their own app's users and admins and nothing else).
 */
export type Grantee = "ACCOUNT_ADMIN" | "SUITE_ADMIN" | "APP_ADMIN" | "APP_ADMIN_OWN_APPS";

const BOTH = ["ACCOUNT_ADMIN", "SUITE_ADMIN"] as const;

export const OPERATIONS_MATRIX: Readonly<Record<Operation, readonly Grantee[]>> = {
  [Operation.CHANGE_ACCOUNT_ADMIN]: ["ACCOUNT_ADMIN"],
  [Operation.CHANGE_PORTAL_URL]: ["ACCOUNT_ADMIN"],
  [Operation.UPDATE_ORGANIZATION]: ["ACCOUNT_ADMIN"],
  [Operation.SET_ADMIN_LEVEL]: BOTH,
  [Operation.ADD_USER]: BOTH,
  [Operation.ACTIVATE_USER]: BOTH,
  [Operation.DEACTIVATE_USER]: BOTH,
  [Operation.REINVITE_USER]: BOTH,
  [Operation.EXPORT_USER_DATA]: BOTH,
  [Operation.DELETE_USER]: BOTH,
  [Operation.SET_USER_APPS]: [...BOTH, "APP_ADMIN_OWN_APPS"],
  [Operation.UPDATE_USER]: BOTH,
  [Operation.CHANGE_SUBSCRIPTION]: BOTH,
  [Operation.VIEW_SUBSCRIPTION]: [...BOTH, "APP_ADMIN"],
  [Operation.VIEW_AUDIT_LOG]: BOTH,
};

/** The apps a user administers (the ADMIN role there). */
export const administeredApps = (viewer: Viewer): App[] =>
  (Object.entries(viewer.apps) as [App, AppRole][]).filter(([, role]) => role === AppRole.ADMIN).map(([app]) => app);

/**
 * The viewer, when the matrix lets them do `operation`; FORBIDDEN otherwise. For operations an
 * app admin may do for their own apps, `apps` are the apps the call touches: every one must be
 * theirs.
 */
export function authorize(viewer: Viewer | null, operation: Operation, apps: readonly App[] = []): Viewer {
  if (!viewer) throw unauthenticated();
  const grantees = OPERATIONS_MATRIX[operation];
  if (viewer.adminLevel === AdminLevel.ACCOUNT_ADMIN && grantees.includes("ACCOUNT_ADMIN")) return viewer;
  if (viewer.adminLevel === AdminLevel.SUITE_ADMIN && grantees.includes("SUITE_ADMIN")) return viewer;
  const own = administeredApps(viewer);
  if (grantees.includes("APP_ADMIN") && own.length > 0) return viewer;
  if (grantees.includes("APP_ADMIN_OWN_APPS") && own.length > 0 && apps.length > 0 && apps.every((a) => own.includes(a))) {
    return viewer;
  }
  throw forbidden(`You may not do this (${operation.toLowerCase().replaceAll("_", " ")}): ${describe(grantees)} may`);
}

function describe(grantees: readonly Grantee[]): string {
  const names = grantees.map((g) =>
    g === "ACCOUNT_ADMIN" ? "the account admin" : g === "SUITE_ADMIN" ? "suite admins" : g === "APP_ADMIN" ? "app admins" : "app admins (for their own apps)",
  );
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
