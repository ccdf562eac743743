import { performance } from "node:perf_hooks";
import type { JobWithMetadata } from "pg-boss";
import type { ModuleDeps } from "../shared/context.js";
import { sendWebhook } from "./sender.js";
import * as repo from "./webhook.repo.js";

/** The body of a delivery (API.md): the same bytes on every attempt but for nothing. */
export const webhookBody = (d: { eventType: string; eventCreatedAt: Date; payload: Record<string, unknown> }) =>
  JSON.stringify({ type: d.eventType, timestamp: d.eventCreatedAt.toISOString(), data: d.payload });

/** The secrets a delivery is signed with: the current one, and the previous one while it is still valid. */
export function signingSecrets(endpoint: repo.EndpointRow, now = Date.now()): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > now;
  return previous ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/** Thrown to hand a retriable failure back to the queue, which retries it with backoff (HOOK-4). */
class RetriableFailure extends Error {}

/**
 * One attempt of one delivery (a job of the queue): sends it, logs the attempt (HOOK-6), and
 * either finishes the job (success, a failure that retrying cannot fix, the last try) or throws
 * so the queue retries it later. The job is finished even when the delivery failed for good: a
 * failed job would hold back the record's later deliveries (key_strict_fifo).
 */
export async function deliver(deps: ModuleDeps, job: JobWithMetadata<{ orgId: number }>): Promise<void> {
  const { db, config } = deps;
  const found = await repo.findDeliveryByJob(db, job.id);
  // Pruned, its endpoint deleted, or already settled (a job taken up again after a lost lease).
  if (!found || found.delivery.status !== "PENDING") return;
  const { delivery, endpoint } = found;
  if (endpoint.status !== "ACTIVE") {
    await repo.recordAttempt(db, delivery.id, {
      status: "FAILED",
      statusCode: null,
      error: `not sent: the endpoint is ${endpoint.status.toLowerCase()}`,
      counted: false,
    });
    return;
  }
  const started = performance.now();
  const outcome = await sendWebhook({
    url: endpoint.url,
    eventId: delivery.eventId,
    body: webhookBody(delivery),
    secrets: signingSecrets(endpoint),
    timeoutMs: config.webhooks.timeoutMs,
    policy: config.webhooks,
  });
  const observe = (label: string) => deps.metrics.webhookAttempts.observe({ outcome: label }, (performance.now() - started) / 1000);
  if (outcome.ok) {
    observe("succeeded");
    await repo.recordAttempt(db, delivery.id, { status: "SUCCEEDED", statusCode: outcome.statusCode, error: null, counted: true });
    await repo.markEndpointHealthy(db, endpoint.id);
    return;
  }
  const lastTry = job.retryCount >= job.retryLimit;
  const final = !outcome.retriable || lastTry;
  observe(final ? "failed" : "retrying");
  await repo.recordAttempt(db, delivery.id, {
    status: final ? "FAILED" : "PENDING",
    statusCode: outcome.statusCode,
    error: outcome.error,
    counted: true,
  });
  // HOOK-8: an endpoint with no success for WEBHOOK_DISABLE_AFTER_HOURS is disabled, with its reason.
  const failing = await repo.markEndpointFailing(db, endpoint.id);
  if (failing && Date.now() - failing.failingSince.getTime() >= config.webhooks.disableAfterMs) {
    const reason = `No successful delivery since ${failing.failingSince.toISOString()}; the last attempt failed: ${outcome.error ?? "unknown error"}`;
    if (await repo.disableEndpoint(db, endpoint.id, reason)) deps.log.warn({ endpointId: endpoint.id, orgId: endpoint.orgId }, "webhook endpoint disabled");
  }
  if (!final) throw new RetriableFailure(outcome.error ?? "delivery failed");
}
