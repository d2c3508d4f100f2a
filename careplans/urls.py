"""Routes of assessments, instruments and care plans; casework/urls.py mounts them under
/clients/<client_id>/, so every view gets `client_id`: assessments under `assessments/`, the
care plan under `care-plan/`."""

from django.urls import include, path

from careplans.views import assessments, instruments, plans
from casework.routes import routes

app_name = "careplans"
assessment_patterns = [
    path("", assessments.assessment_list, name="assessments"),
    *routes("", panel=assessments.client_panel, new=assessments.assessment_start),
    *routes(
        "<int:pk>/",
        assessments.assessment_detail,
        edit=assessments.assessment_edit,
        autosave=assessments.assessment_autosave,
        sign=assessments.assessment_sign,
        addenda=assessments.assessment_addendum,
    ),
    *routes(
        "instruments/<slug:code>/",
        instruments.instrument_history,
        new=instruments.administration_create,
        preview=instruments.administration_preview,
    ),
    *routes("results/<int:pk>/", instruments.administration_detail),
    *routes("flags/<int:pk>/", acknowledge=instruments.flag_acknowledge),
]

plan_patterns = [
    *routes(
        "",
        plans.plan_list,
        panel=plans.plan_panel,
        new=plans.plan_start,
        compare=plans.plan_compare,
    ),
    *routes(
        "<int:pk>/",
        plans.plan_detail,
        edit=plans.plan_edit,
        autosave=plans.plan_autosave,
        submit=plans.plan_submit,
        approve=plans.plan_approve,
        crisis_plan=plans.crisis_plan,
        advance_statement=plans.advance_statement,
    ),
    path("<int:pk>/return/", plans.plan_return, name="plan_return"),
    path("<int:pk>/review/", plans.review_create, name="review_create"),
    *routes("<int:pk>/goals/", new=plans.goal_create),
    *routes(
        "<int:pk>/goals/<int:goal_id>/",
        plans.goal_edit,
        autosave=plans.goal_autosave,
        remove=plans.goal_remove,
    ),
    *routes("<int:pk>/participants/", plans.participant_add),
    *routes("<int:pk>/participants/<int:participant_id>/", remove=plans.participant_remove),
    *routes("visits/<int:visit_id>/goals/", plans.visit_goals),
]

urlpatterns = [
    path("assessments/", include(assessment_patterns)),
    path("care-plan/", include(plan_patterns)),
]
