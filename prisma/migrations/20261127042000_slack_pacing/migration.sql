-- CreateTable
CREATE TABLE "slack_pacing" (
    "key" TEXT NOT NULL,
    "next_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_pacing_pkey" PRIMARY KEY ("key")
);

-- The outbox looks for undelivered rows on every poll, so keep that scan small as the table grows.
CREATE INDEX "notifications_pending_idx" ON "notifications"("id") WHERE "delivered_at" IS NULL AND "dead_at" IS NULL;
