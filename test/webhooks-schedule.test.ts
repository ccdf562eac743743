import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.js";
import { retryLimitFor } from "../src/modules/webhooks/queue.js";

/** HOOK-4: the retry schedule the queue is given covers at least 24 hours, even with the shortest jitter. */
describe("webhook retry schedule (HOOK-4)", () => {
  const shortest = (retry: { firstDelaySeconds: number; maxDelaySeconds: number }, retries: number) =>
    Array.from({ length: retries }, (_, n) => Math.min(retry.maxDelaySeconds, retry.firstDelaySeconds * 2 ** n)).reduce((a, b) => a + b, 0);

  it("by default: 30 s, doubling with jitter up to 1 h apart, for at least 26 h", () => {
    const { retry } = loadConfig({}, []).webhooks;
    expect(retry).toEqual({ firstDelaySeconds: 30, maxDelaySeconds: 3600, retryForSeconds: 26 * 3600 });
    const retries = retryLimitFor(retry);
    expect(shortest(retry, retries)).toBeGreaterThanOrEqual(24 * 3600);
    expect(shortest(retry, retries - 1)).toBeLessThan(26 * 3600);
  });

  it("follows the settings, and refuses a largest delay below the first", () => {
    const { retry } = loadConfig({ WEBHOOK_RETRY_FIRST_DELAY_SECONDS: "1", WEBHOOK_RETRY_MAX_DELAY_SECONDS: "2", WEBHOOK_RETRY_HOURS: "0.01" }, []).webhooks;
    expect(retryLimitFor(retry)).toBe(19); // 1 + 2 × 18 = 37 ≥ 36 s (1 + 2 × 17 = 35 is not)
    expect(() => loadConfig({ WEBHOOK_RETRY_FIRST_DELAY_SECONDS: "60", WEBHOOK_RETRY_MAX_DELAY_SECONDS: "30" }, [])).toThrow(/WEBHOOK_RETRY_MAX_DELAY_SECONDS/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: "20000", WEBHOOK_LEASE_SECONDS: "10" }, [])).toThrow(/WEBHOOK_LEASE_SECONDS/);
  });
});
