-- The applicant's own door (issue 11).

-- An application made on the web waits here until its address is confirmed by the link in the
-- confirmation mail. Only then does the case open (intake key web-application:<id>). Rows past their
-- expiry are deleted when later applications come in.
CREATE TABLE "web_applications" (
    "id" SERIAL NOT NULL,
    "procedure" TEXT NOT NULL,
    "form" JSONB NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_until" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "case_id" INTEGER,

    CONSTRAINT "web_applications_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "web_applications_expires_at_idx" ON "web_applications"("expires_at");
ALTER TABLE "web_applications" ADD CONSTRAINT "web_applications_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The generation of a case's personal link. Every link carries the generation it was issued in, and a
-- reviewer revokes them all by raising it. A case without a row is at generation 1.
CREATE TABLE "applicant_links" (
    "case_id" INTEGER NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 1,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "applicant_links_pkey" PRIMARY KEY ("case_id")
);
ALTER TABLE "applicant_links" ADD CONSTRAINT "applicant_links_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Secrets the bot generates once and every process shares (the link secret when MDOC_LINK_SECRET is unset).
CREATE TABLE "app_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_secrets_pkey" PRIMARY KEY ("name")
);
