-- Issue 15: who wrote a mail, and which mails came back. A case's contacts beyond the address its forms
-- give are the ones a reviewer added (case_contacts), each addition also a transition of the case.
-- The addresses whose mail bounced are kept on the case row (undelivered_to), so that the card, rendered
-- from the case alone, shows 「メール不達」 without another read.

-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "undelivered_to" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "case_contacts" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "added_by" TEXT NOT NULL,
    "inbound_id" INTEGER,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "case_contacts_case_id_address_key" ON "case_contacts"("case_id", "address");

-- AddForeignKey
ALTER TABLE "case_contacts" ADD CONSTRAINT "case_contacts_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_contacts" ADD CONSTRAINT "case_contacts_inbound_id_fkey" FOREIGN KEY ("inbound_id") REFERENCES "inbound_messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
