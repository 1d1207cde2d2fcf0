-- Which outbox workers are alive (issue #12). Each worker upserts its row every 2 s from a timer and
-- deletes it when it stops. A claim whose worker has not beaten for 6 s is free to take, so a crashed
-- process's claims are delivered within seconds instead of after their 60 s lease.
-- CreateTable
CREATE TABLE "outbox_workers" (
    "worker_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_workers_pkey" PRIMARY KEY ("worker_id")
);
