"""Signed assessments, instrument results and acknowledged safety flags cannot change, in the
database itself. A signed assessment is never changed or deleted (corrections are addenda,
which are append-only); an administration is stored complete and never changes; a safety
flag is never deleted and may be acknowledged exactly once (who, when, what was done)."""

from django.db import migrations

CREATE = """
CREATE FUNCTION careplans_assessment_guard_signed() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'assessment %: a signed assessment cannot be changed; add an addendum', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER careplans_assessment_signed_immutable
    BEFORE UPDATE OR DELETE ON careplans_assessment
    FOR EACH ROW EXECUTE FUNCTION careplans_assessment_guard_signed();

CREATE FUNCTION careplans_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER careplans_addendum_append_only
    BEFORE UPDATE OR DELETE ON careplans_assessmentaddendum
    FOR EACH ROW EXECUTE FUNCTION careplans_refuse_change();

CREATE TRIGGER careplans_administration_append_only
    BEFORE UPDATE OR DELETE ON careplans_administration
    FOR EACH ROW EXECUTE FUNCTION careplans_refuse_change();

CREATE FUNCTION careplans_safetyflag_guard() RETURNS trigger AS $$
DECLARE
    settable CONSTANT text[] := ARRAY['acknowledged_at', 'acknowledged_by_id', 'actions',
                                      'action_note'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'safety flag %: a flag is never deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.acknowledged_at IS NOT NULL
       OR (to_jsonb(NEW) - settable) IS DISTINCT FROM (to_jsonb(OLD) - settable)
    THEN
        RAISE EXCEPTION 'safety flag %: only an open flag is acknowledged, once', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER careplans_safetyflag_acknowledge_once
    BEFORE UPDATE OR DELETE ON careplans_safetyflag
    FOR EACH ROW EXECUTE FUNCTION careplans_safetyflag_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS careplans_safetyflag_acknowledge_once ON careplans_safetyflag;
DROP FUNCTION IF EXISTS careplans_safetyflag_guard();
DROP TRIGGER IF EXISTS careplans_administration_append_only ON careplans_administration;
DROP TRIGGER IF EXISTS careplans_addendum_append_only ON careplans_assessmentaddendum;
DROP FUNCTION IF EXISTS careplans_refuse_change();
DROP TRIGGER IF EXISTS careplans_assessment_signed_immutable ON careplans_assessment;
DROP FUNCTION IF EXISTS careplans_assessment_guard_signed();
"""


class Migration(migrations.Migration):
    dependencies = [("careplans", "0001_assessments_and_instruments")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
