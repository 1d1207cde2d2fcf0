-- The document library: every version of every declared document's file, never overwritten. The
-- newest row of a document is its current file.
CREATE TABLE "document_files" (
    "id" SERIAL NOT NULL,
    "document" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "loaded_by" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_files_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "document_files_document_id_idx" ON "document_files"("document", "id");

-- Every message taken from the desk mailbox (or the inbox folder), exactly once: the source key holds
-- the mailbox, its UIDVALIDITY and the UID (or the file's sha256). The raw message is kept as it came.
CREATE TABLE "inbound_messages" (
    "id" SERIAL NOT NULL,
    "source_key" TEXT NOT NULL,
    "message_id" TEXT,
    "raw" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "from_address" TEXT,
    "subject" TEXT,
    "outcome" TEXT NOT NULL,
    "matched_by" TEXT,
    "case_id" INTEGER,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "post_channel" TEXT,
    "post_ts" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "inbound_messages_source_key_key" ON "inbound_messages"("source_key");
CREATE INDEX "inbound_messages_message_id_idx" ON "inbound_messages"("message_id");
CREATE INDEX "inbound_messages_case_id_idx" ON "inbound_messages"("case_id");
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Files headed for Slack: the attachments of an inbound message, or what an applicant uploaded. They are
-- stored with what produced them and uploaded by the outbox.
CREATE TABLE "case_files" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER,
    "inbound_id" INTEGER,
    "version" INTEGER,
    "document" TEXT,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_files_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "case_files_case_id_version_idx" ON "case_files"("case_id", "version");
CREATE INDEX "case_files_inbound_id_idx" ON "case_files"("inbound_id");
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_inbound_id_fkey" FOREIGN KEY ("inbound_id") REFERENCES "inbound_messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
