CREATE TABLE "chats" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chats_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"visitor_id" text NOT NULL,
	"visit_id" bigint,
	"record_type" text,
	"record_id" bigint,
	"attended" boolean NOT NULL,
	"operator_id" bigint,
	"operator_email" text,
	"subject" text,
	"question" text,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"visitor" jsonb,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"messages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"shown_as" text,
	"transcript_id" bigint,
	"integration_key_id" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visit_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" bigint NOT NULL,
	"visit_id" bigint NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"time_spent_seconds" integer
);
--> statement-breakpoint
CREATE TABLE "visitor_integrations" (
	"org_id" bigint PRIMARY KEY NOT NULL,
	"key_id" bigint,
	"key" text,
	"linked_admin_id" bigint,
	"enabled" boolean DEFAULT false NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visitor_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visitor_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"match" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"operator_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"priority" integer,
	"trigger" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"visitor_id" text NOT NULL,
	"record_type" text,
	"record_id" bigint,
	"started_at" timestamp (3) with time zone NOT NULL,
	"visit_day" date NOT NULL,
	"ip" text,
	"user_agent" text,
	"browser" text,
	"os" text,
	"page_url" text,
	"page_title" text,
	"referrer" text,
	"search_engine" text,
	"search_keyword" text,
	"city" text,
	"state" text,
	"country" text,
	"time_spent_seconds" integer DEFAULT 0 NOT NULL,
	"pages_viewed" integer DEFAULT 1 NOT NULL,
	"campaign" jsonb,
	"visitor" jsonb,
	"attended_by_id" bigint,
	"attended_by_email" text,
	"visitor_type" text NOT NULL,
	"revenue" numeric(16, 2) DEFAULT '0' NOT NULL,
	"integration_key_id" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_transcript_id_attachments_id_fk" FOREIGN KEY ("transcript_id") REFERENCES "public"."attachments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_integration_key_id_integration_keys_id_fk" FOREIGN KEY ("integration_key_id") REFERENCES "public"."integration_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_actions" ADD CONSTRAINT "visit_actions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_actions" ADD CONSTRAINT "visit_actions_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitor_integrations" ADD CONSTRAINT "visitor_integrations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitor_integrations" ADD CONSTRAINT "visitor_integrations_key_id_integration_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."integration_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitor_integrations" ADD CONSTRAINT "visitor_integrations_linked_admin_id_users_id_fk" FOREIGN KEY ("linked_admin_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitor_rules" ADD CONSTRAINT "visitor_rules_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_attended_by_id_users_id_fk" FOREIGN KEY ("attended_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_integration_key_id_integration_keys_id_fk" FOREIGN KEY ("integration_key_id") REFERENCES "public"."integration_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chats_idempotency_uq" ON "chats" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "chats_record_idx" ON "chats" USING btree ("org_id","record_type","record_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "chats"."record_id" is not null;--> statement-breakpoint
CREATE INDEX "chats_visitor_idx" ON "chats" USING btree ("org_id","visitor_id");--> statement-breakpoint
CREATE INDEX "visit_actions_visit_idx" ON "visit_actions" USING btree ("visit_id","at","id");--> statement-breakpoint
CREATE INDEX "visitor_rules_org_kind_idx" ON "visitor_rules" USING btree ("org_id","kind","id");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_idempotency_uq" ON "visits" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "visits_all_idx" ON "visits" USING btree ("org_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "visits_today_idx" ON "visits" USING btree ("org_id","visit_day","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "visits_top_idx" ON "visits" USING btree ("org_id","time_spent_seconds" DESC NULLS LAST,"pages_viewed" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "visits_today_top_idx" ON "visits" USING btree ("org_id","visit_day","time_spent_seconds" DESC NULLS LAST,"pages_viewed" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "visits_kind_idx" ON "visits" USING btree ("org_id","record_type","started_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "visits"."record_type" is not null;--> statement-breakpoint
CREATE INDEX "visits_record_idx" ON "visits" USING btree ("org_id","record_type","record_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "visits"."record_id" is not null;--> statement-breakpoint
CREATE INDEX "visits_visitor_idx" ON "visits" USING btree ("org_id","visitor_id","started_at" DESC NULLS LAST);