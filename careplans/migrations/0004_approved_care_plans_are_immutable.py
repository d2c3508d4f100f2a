"""An approved care plan version cannot change, in the database itself.

- A plan row in force (active) or superseded is never deleted; an active one may change only
  to superseded (status and superseded_at); a superseded one never changes.
- Goals, objectives, interventions and participants belong to their version: no insert,
  update or delete once the version is active or superseded.
- Plan reviews are append-only.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION careplans_plan_guard() RETURNS trigger AS $$
DECLARE
    settable CONSTANT text[] := ARRAY['status', 'superseded_at', 'updated_at', 'version'];
BEGIN
    IF OLD.status IN ('draft', 'submitted') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'active' AND NEW.status = 'superseded'
       AND (to_jsonb(NEW) - settable) IS NOT DISTINCT FROM (to_jsonb(OLD) - settable)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'care plan %: an approved version cannot be changed; revise it', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER careplans_plan_approved_immutable
    BEFORE UPDATE OR DELETE ON careplans_careplan
    FOR EACH ROW EXECUTE FUNCTION careplans_plan_guard();

-- Children of a version: find the version's status through the row's plan (or goal).
CREATE FUNCTION careplans_plan_part_guard() RETURNS trigger AS $$
DECLARE
    row_data jsonb;
    plan_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); ELSE row_data := to_jsonb(NEW); END IF;
    IF row_data ? 'plan_id' THEN
        SELECT status INTO plan_status FROM careplans_careplan
         WHERE id = (row_data->>'plan_id')::bigint;
    ELSE
        SELECT p.status INTO plan_status FROM careplans_careplan p
          JOIN careplans_goal g ON g.plan_id = p.id
         WHERE g.id = (row_data->>'goal_id')::bigint;
    END IF;
    IF TG_OP = 'UPDATE' AND plan_status IN ('draft', 'submitted') THEN
        -- A row may not move into an approved version either.
        row_data := to_jsonb(OLD);
        IF row_data ? 'plan_id' THEN
            SELECT status INTO plan_status FROM careplans_careplan
             WHERE id = (row_data->>'plan_id')::bigint;
        ELSE
            SELECT p.status INTO plan_status FROM careplans_careplan p
              JOIN careplans_goal g ON g.plan_id = p.id
             WHERE g.id = (row_data->>'goal_id')::bigint;
        END IF;
    END IF;
    IF plan_status IS NULL OR plan_status IN ('draft', 'submitted') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '%: part of an approved care plan version; % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER careplans_goal_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON careplans_goal
    FOR EACH ROW EXECUTE FUNCTION careplans_plan_part_guard();
CREATE TRIGGER careplans_objective_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON careplans_objective
    FOR EACH ROW EXECUTE FUNCTION careplans_plan_part_guard();
CREATE TRIGGER careplans_intervention_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON careplans_intervention
    FOR EACH ROW EXECUTE FUNCTION careplans_plan_part_guard();
CREATE TRIGGER careplans_participant_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON careplans_participant
    FOR EACH ROW EXECUTE FUNCTION careplans_plan_part_guard();

CREATE TRIGGER careplans_review_append_only
    BEFORE UPDATE OR DELETE ON careplans_planreview
    FOR EACH ROW EXECUTE FUNCTION careplans_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS careplans_review_append_only ON careplans_planreview;
DROP TRIGGER IF EXISTS careplans_participant_frozen ON careplans_participant;
DROP TRIGGER IF EXISTS careplans_intervention_frozen ON careplans_intervention;
DROP TRIGGER IF EXISTS careplans_objective_frozen ON careplans_objective;
DROP TRIGGER IF EXISTS careplans_goal_frozen ON careplans_goal;
DROP FUNCTION IF EXISTS careplans_plan_part_guard();
DROP TRIGGER IF EXISTS careplans_plan_approved_immutable ON careplans_careplan;
DROP FUNCTION IF EXISTS careplans_plan_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("careplans", "0003_care_plans")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
