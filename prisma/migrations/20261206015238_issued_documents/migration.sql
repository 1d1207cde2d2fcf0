-- Documents issued to one case (issue 17): its 承諾書, 認定書 and test result are case files, stored with
-- the transition that sent them. Nothing here can be said in the datamodel, so the migration was written
-- with `npm run db:migration -- issued_documents --empty` and completed by hand (the objects are listed
-- in test/integration/migration-drift.test.ts). Scripts are split on semicolons: a body is one quoted
-- string whose semicolons are written \073.

-- A certificate number names one certificate: /verify/<number> looks it up by this expression, and a
-- second case given the same number at (4)-d fails its transition.
CREATE UNIQUE INDEX "cases_certificate_number_key" ON "cases" ((fields->>'certificate_number'));

-- A case file is kept as it came, never overwritten and never deleted: an issued PDF is what the
-- applicant received and what /verify compares against. The one change allowed is the first assignment
-- of a mail's files to the case the mail is linked to.
CREATE FUNCTION "case_files_are_kept"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN IF TG_OP = ''DELETE'' OR OLD.case_id IS NOT NULL OR (NEW.id, NEW.inbound_id, NEW.version, NEW.document, NEW.file_name, NEW.content_type, NEW.size, NEW.sha256, NEW.content, NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.inbound_id, OLD.version, OLD.document, OLD.file_name, OLD.content_type, OLD.size, OLD.sha256, OLD.content, OLD.created_at) THEN RAISE EXCEPTION ''case files are kept as they came: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END IF\073 RETURN NEW\073 END';

CREATE TRIGGER "case_files_no_overwrite" BEFORE UPDATE OR DELETE ON "case_files"
  FOR EACH ROW EXECUTE FUNCTION "case_files_are_kept"();
