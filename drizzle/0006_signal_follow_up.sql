ALTER TABLE "interactions" ADD COLUMN "follow_up_id" bigint;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "follow_up_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "open_owner_id" bigint;--> statement-breakpoint
CREATE INDEX "interactions_unanswered_idx" ON "interactions" USING btree ("org_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."open_owner_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unanswered_owner_idx" ON "interactions" USING btree ("org_id","open_owner_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."open_owner_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unanswered_source_idx" ON "interactions" USING btree ("org_id","source","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."open_owner_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unanswered_record_idx" ON "interactions" USING btree ("org_id","record_type","record_id") WHERE "interactions"."open_owner_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_org_signals_idx" ON "interactions" USING btree ("org_id","occurred_at") WHERE "interactions"."side" = 'SIGNAL';--> statement-breakpoint
-- RESP-1: link the signals stored so far to their first follow-up (the same record, after the signal in timeline order).
WITH "firsts" AS (
  SELECT s."id", f."id" AS "follow_up_id", f."occurred_at" AS "follow_up_at"
    FROM "interactions" s
    CROSS JOIN LATERAL (
      SELECT f."id", f."occurred_at" FROM "interactions" f
       WHERE f."org_id" = s."org_id" AND f."record_type" = s."record_type" AND f."record_id" = s."record_id" AND f."side" = 'FOLLOW_UP'
         AND (f."occurred_at", f."id") > (s."occurred_at", s."id")
       ORDER BY f."occurred_at" ASC NULLS FIRST, f."id" ASC NULLS FIRST
       LIMIT 1) f
   WHERE s."side" = 'SIGNAL')
UPDATE "interactions" i SET "follow_up_id" = "firsts"."follow_up_id", "follow_up_at" = "firsts"."follow_up_at"
  FROM "firsts" WHERE i."id" = "firsts"."id";--> statement-breakpoint
-- RESP-2: the signals nobody followed up carry their record's owner.
UPDATE "interactions" i SET "open_owner_id" = r."owner_id"
  FROM (SELECT 'lead' AS "record_type", "org_id", "id", "owner_id" FROM "leads"
        UNION ALL SELECT 'contact', "org_id", "id", "owner_id" FROM "contacts") r
 WHERE i."side" = 'SIGNAL' AND i."follow_up_id" IS NULL
   AND r."org_id" = i."org_id" AND r."record_type" = i."record_type" AND r."id" = i."record_id";
