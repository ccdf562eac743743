import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Config } from "../config/config.js";

/**
 * The bootstrap secret in force: BOOTSTRAP_SECRET when set; in embedded mode, one generated on
 * first start and kept under the data directory (in memory only with --memory); otherwise none.
 */
export function resolveBootstrapSecret(config: Config): string | null {
  if (config.bootstrapSecret) return config.bootstrapSecret;
  if (config.database.kind !== "pglite") return null;
  const dataDir = config.database.dataDir;
  if (!dataDir) return randomBytes(24).toString("base64url");
  const file = join(dataDir, "bootstrap-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(24).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
