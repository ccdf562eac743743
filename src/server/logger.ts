import { pino, type Logger } from "pino";
import type { Config } from "../config/config.js";

/** JSON lines; in a terminal outside production, pino-pretty's readable lines instead. */
export function createLogger(config: Config): Logger {
  const pretty = process.stdout.isTTY && config.env !== "production";
  return pino({
    level: config.logLevel,
    base: { service: "crm-graph" },
    redact: ["req.headers.authorization", "authorization", "token"],
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" } } } : {}),
  });
}
