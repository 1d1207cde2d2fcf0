-- The datamodel did not change: what this migration does is written below by hand.
-- The outbox claims the oldest pending notification of each stream. With this index it walks the
-- pending streams one index probe each (a loose index scan) instead of reading every pending row.
CREATE INDEX "notifications_pending_stream_idx" ON "notifications"("stream", "id") WHERE "delivered_at" IS NULL AND "dead_at" IS NULL;
