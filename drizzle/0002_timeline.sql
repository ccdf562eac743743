CREATE TABLE "timeline_interval_averages" (
	"org_id" bigint NOT NULL,
	"record_type" text NOT NULL,
	"average_seconds" double precision,
	"intervals" bigint NOT NULL,
	"computed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "timeline_interval_averages_org_id_record_type_pk" PRIMARY KEY("org_id","record_type")
);
--> statement-breakpoint
ALTER TABLE "interactions" ALTER COLUMN "channel" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "timeline_interval_averages" ADD CONSTRAINT "timeline_interval_averages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interactions_record_side_idx" ON "interactions" USING btree ("org_id","record_type","record_id","side","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);