import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Tokens carry 256 random bits, so a fast hash is safe to store and look up by. */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export const USER_TOKEN_PREFIX = "crm_pat_";
export const INTEGRATION_KEY_PREFIX = "crm_ik_";
export const SIGNING_SECRET_PREFIX = "crm_whsec_";
export const INVITATION_PREFIX = "crm_inv_";
export const EXPORT_SECRET_PREFIX = "crm_exp_";

export const generateSecret = (prefix: string) => prefix + randomBytes(32).toString("base64url");

export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
