"""Signed notes cannot change, in the database itself: no bug, admin action or stray ORM call
can rewrite one. After signing only three columns may be filled in, once each: a supervisor's
co-signature (`cosigned_by_id`, `cosigned_at`) and a retraction (`retracted_at`, written
with its "entered in error" addendum). A signed note is never deleted, and addenda are
append-only."""

from django.db import migrations

CREATE = """
CREATE FUNCTION clients_visit_guard_signed() RETURNS trigger AS $$
DECLARE
    settable CONSTANT text[] := ARRAY['cosigned_by_id', 'cosigned_at', 'retracted_at'];
BEGIN
    IF OLD.signed_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'visit %: a signed note cannot be deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - settable - 'version' - 'updated_at')
       IS DISTINCT FROM (to_jsonb(OLD) - settable - 'version' - 'updated_at')
       OR (OLD.cosigned_at IS NOT NULL AND NEW.cosigned_at IS DISTINCT FROM OLD.cosigned_at)
       OR (OLD.cosigned_by_id IS NOT NULL
           AND NEW.cosigned_by_id IS DISTINCT FROM OLD.cosigned_by_id)
       OR (OLD.retracted_at IS NOT NULL AND NEW.retracted_at IS DISTINCT FROM OLD.retracted_at)
    THEN
        RAISE EXCEPTION 'visit %: a signed note cannot be changed; add an addendum', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clients_visit_signed_immutable
    BEFORE UPDATE OR DELETE ON clients_visit
    FOR EACH ROW EXECUTE FUNCTION clients_visit_guard_signed();

CREATE FUNCTION clients_addendum_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'clients_noteaddendum is append-only: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clients_addendum_append_only
    BEFORE UPDATE OR DELETE ON clients_noteaddendum
    FOR EACH ROW EXECUTE FUNCTION clients_addendum_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS clients_addendum_append_only ON clients_noteaddendum;
DROP FUNCTION IF EXISTS clients_addendum_refuse_change();
DROP TRIGGER IF EXISTS clients_visit_signed_immutable ON clients_visit;
DROP FUNCTION IF EXISTS clients_visit_guard_signed();
"""


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_record_history_and_visits")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
