-- Deadlines stored on the case, so that Home, the digest and `/mdoc list overdue` can query them.
-- Cases open before this migration count from their last update and get a due date at their next step.
ALTER TABLE "cases" ADD COLUMN "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "due_date" DATE,
ADD COLUMN "overdue_at" TIMESTAMPTZ(3);
UPDATE "cases" SET "step_since" = "updated_at";
CREATE INDEX "cases_closed_overdue_at_idx" ON "cases"("closed", "overdue_at");

-- The daily digest and Home tabs concern no single case.
ALTER TABLE "notifications" ALTER COLUMN "case_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "scheduled_runs" (
    "job" TEXT NOT NULL,
    "run_date" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_runs_pkey" PRIMARY KEY ("job","run_date")
);

-- CreateTable
CREATE TABLE "slack_users" (
    "user_id" TEXT NOT NULL,
    "locale" TEXT,
    "locale_checked_at" TIMESTAMPTZ(3),
    "home_opened_at" TIMESTAMPTZ(3),

    CONSTRAINT "slack_users_pkey" PRIMARY KEY ("user_id")
);
