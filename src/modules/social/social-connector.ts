import { randomUUID } from "node:crypto";
import type { Config } from "../../config/config.js";
import type { SocialNetwork } from "./social-profile.type.js";

/** What a connector is asked to publish on one of the org's accounts. */
export interface OutgoingPost {
  account: { network: SocialNetwork; handle: string };
  text: string;
  image: { fileName: string; contentType: string; size: number; bytes: () => Promise<Buffer> } | null;
  /** The network's id of the post answered, for a reply, comment or message answer. */
  inReplyTo: string | null;
}

/**
 * SOC-6: publishing to a network goes through a connector, one per network, chosen by config
 * (SOCIAL_CONNECTOR). It answers the network's id and link of the new post.
 */
export interface SocialConnector {
  readonly name: string;
  publish(post: OutgoingPost): Promise<{ externalId: string; url: string | null; postedAt: Date }>;
}

/** The built-in connector: records the post here and nowhere else, so the tab works offline. */
export const localConnector: SocialConnector = {
  name: "local",
  async publish() {
    return { externalId: `local-${randomUUID()}`, url: null, postedAt: new Date() };
  },
};

const CONNECTORS: Record<Config["social"]["connector"], (network: SocialNetwork) => SocialConnector> = {
  local: () => localConnector,
};

export const connectorFor = (config: Config, network: SocialNetwork): SocialConnector => CONNECTORS[config.social.connector](network);
