-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "cases" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "requester_id" TEXT NOT NULL,
    "intake_key" TEXT,
    "org_name" TEXT NOT NULL,
    "corporate_number" TEXT NOT NULL,
    "applicant_email" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "card_channel" TEXT,
    "card_ts" TEXT,
    "dm_channel" TEXT,
    "dm_ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transitions" (
    "id" BIGSERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "from_step" TEXT,
    "to_step" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "comment" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "locked_by" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "dead_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cases_key_key" ON "cases"("key");

-- CreateIndex
CREATE UNIQUE INDEX "cases_intake_key_key" ON "cases"("intake_key");

-- CreateIndex
CREATE INDEX "cases_closed_updated_at_idx" ON "cases"("closed", "updated_at");

-- CreateIndex
CREATE INDEX "cases_corporate_number_idx" ON "cases"("corporate_number");

-- CreateIndex
CREATE UNIQUE INDEX "transitions_case_id_version_key" ON "transitions"("case_id", "version");

-- CreateIndex
CREATE INDEX "notifications_stream_id_idx" ON "notifications"("stream", "id");

-- CreateIndex
CREATE INDEX "notifications_next_attempt_at_idx" ON "notifications"("next_attempt_at");

-- AddForeignKey
ALTER TABLE "transitions" ADD CONSTRAINT "transitions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The transition record is append-only: who approved what must never be rewritten.
-- (Prisma's migration runner splits scripts on semicolons, so the function body is one quoted string
-- whose only semicolon is written as the escape \073.)
CREATE FUNCTION "transitions_are_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''transitions are append-only: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END';

CREATE TRIGGER "transitions_no_update_or_delete" BEFORE UPDATE OR DELETE ON "transitions"
  FOR EACH ROW EXECUTE FUNCTION "transitions_are_append_only"();

CREATE TRIGGER "transitions_no_truncate" BEFORE TRUNCATE ON "transitions"
  FOR EACH STATEMENT EXECUTE FUNCTION "transitions_are_append_only"();
