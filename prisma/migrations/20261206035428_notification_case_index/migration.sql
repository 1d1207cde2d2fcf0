-- CreateIndex
CREATE INDEX "notifications_case_id_kind_idx" ON "notifications"("case_id", "kind");
