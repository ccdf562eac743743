CREATE TABLE "timeline_counters" (
	"org_id" bigint NOT NULL,
	"record_type" text NOT NULL,
	"record_id" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	CONSTRAINT "timeline_counters_org_id_record_type_record_id_pk" PRIMARY KEY("org_id","record_type","record_id")
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "stream_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing entries: numbered per record in id order, and each record's counter set to its last.
UPDATE "interactions" i SET "stream_seq" = n."seq"
FROM (SELECT "id", row_number() OVER (PARTITION BY "org_id", "record_type", "record_id" ORDER BY "id") AS "seq" FROM "interactions") n
WHERE n."id" = i."id";--> statement-breakpoint
INSERT INTO "timeline_counters" ("org_id", "record_type", "record_id", "last_seq")
SELECT "org_id", "record_type", "record_id", max("stream_seq") FROM "interactions" GROUP BY 1, 2, 3;--> statement-breakpoint
ALTER TABLE "timeline_counters" ADD CONSTRAINT "timeline_counters_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_record_stream_idx" ON "interactions" USING btree ("org_id","record_type","record_id","stream_seq");--> statement-breakpoint
-- Every writer of interactions gets its record's next seq (a stream_seq left 0), under the
-- counter row's lock until commit: a record's seqs commit in order (DESIGN trap 8).
CREATE FUNCTION "interactions_assign_stream_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."stream_seq" = 0 THEN
    INSERT INTO "timeline_counters" AS c ("org_id", "record_type", "record_id", "last_seq")
    VALUES (NEW."org_id", NEW."record_type", NEW."record_id", 1)
    ON CONFLICT ("org_id", "record_type", "record_id") DO UPDATE SET "last_seq" = c."last_seq" + 1
    RETURNING c."last_seq" INTO NEW."stream_seq";
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "interactions_stream_seq" BEFORE INSERT ON "interactions"
FOR EACH ROW EXECUTE FUNCTION "interactions_assign_stream_seq"();