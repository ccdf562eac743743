import { registerEnumType } from "type-graphql";
import { forbidden, unauthenticated } from "./errors.js";

export enum App {
  CRM = "CRM",
  SALES_INBOX = "SALES_INBOX",
  SALES_IQ = "SALES_IQ",
  DESK = "DESK",
  PROJECTS = "PROJECTS",
  CAMPAIGNS = "CAMPAIGNS",
  SOCIAL = "SOCIAL",
  SURVEY = "SURVEY",
  ANALYTICS = "ANALYTICS",
}
registerEnumType(App, { name: "App", description: "The apps of the suite a user can be given access to." });

export enum AppRole {
  ADMIN = "ADMIN",
  USER = "USER",
}
registerEnumType(AppRole, { name: "AppRole", description: "A user's role within one app." });

export enum AdminLevel {
  ACCOUNT_ADMIN = "ACCOUNT_ADMIN",
  SUITE_ADMIN = "SUITE_ADMIN",
  NONE = "NONE",
}
registerEnumType(AdminLevel, {
  name: "AdminLevel",
  description: "Suite-wide admin level: the org's first user is its account admin.",
});

/** The authenticated user of a request or WebSocket connection. */
export interface Viewer {
  orgId: number;
  userId: number;
  tokenId: number;
  adminLevel: AdminLevel;
  apps: Partial<Record<App, AppRole>>;
}

/** An integration authenticated by an org integration key. */
export interface Integration {
  orgId: number;
  keyId: number;
  /** Set when the key requires webhook pushes to be signed (HMAC-SHA256). */
  signingSecret?: string | null;
}

export type CrmScope = { orgId: number; all: true } | { orgId: number; all: false; ownerId: number };

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

export const isSuiteAdmin = (viewer: Viewer) =>
  viewer.adminLevel === AdminLevel.ACCOUNT_ADMIN || viewer.adminLevel === AdminLevel.SUITE_ADMIN;

/** ADM-3: adding users is for account and suite admins. */
export function requireUserManager(viewer: Viewer | null): Viewer {
  const v = requireViewer(viewer);
  if (!isSuiteAdmin(v)) throw forbidden("Only account and suite admins can manage users");
  return v;
}

/** CORE-4: which CRM records a user may view: CRM admins all of their org's, plain users their own. */
export function crmScope(viewer: Viewer | null): CrmScope {
  const v = requireViewer(viewer);
  const role = v.apps[App.CRM];
  if (!role) throw forbidden("You have no access to the CRM app");
  return role === AppRole.ADMIN || isSuiteAdmin(v)
    ? { orgId: v.orgId, all: true }
    : { orgId: v.orgId, all: false, ownerId: v.userId };
}

export function requireCrmAdmin(viewer: Viewer | null): Viewer {
  const scope = crmScope(viewer);
  if (!scope.all) throw forbidden("Only CRM admins can change the CRM's settings");
  return viewer!;
}
