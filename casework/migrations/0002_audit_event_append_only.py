"""Make the audit trail append-only in the database itself, so neither a bug in the app nor
a stray ORM call can rewrite history (45 CFR 170.315(d)(2))."""

from django.db import migrations

CREATE = """
CREATE FUNCTION casework_audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'casework_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_audit_event_append_only
    BEFORE UPDATE OR DELETE ON casework_auditevent
    FOR EACH ROW EXECUTE FUNCTION casework_audit_event_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS casework_audit_event_append_only ON casework_auditevent;
DROP FUNCTION IF EXISTS casework_audit_event_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
