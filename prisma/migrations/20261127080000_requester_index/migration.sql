-- A person's Home lists the cases they requested, open first, newest activity first, and their latest
-- transitions: without this index both scan every case.
CREATE INDEX "cases_requester_id_closed_updated_at_idx" ON "cases"("requester_id", "closed", "updated_at" DESC);
