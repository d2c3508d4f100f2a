"""Routes of assessments, instruments and care plans; casework/urls.py mounts them under
/clients/<client_id>/, so every view gets `client_id`: assessments under `assessments/`, the
care plan under `care-plan/`."""

from django.urls import include, path

from careplans.views import assessments, instruments, plans

app_name = "careplans"
assessment_patterns = [
    path("panel/", assessments.client_panel, name="client_panel"),
    path("", assessments.assessment_list, name="assessments"),
    path("new/", assessments.assessment_start, name="assessment_start"),
    path("<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("<int:pk>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path(
        "<int:pk>/autosave/",
        assessments.assessment_autosave,
        name="assessment_autosave",
    ),
    path("<int:pk>/sign/", assessments.assessment_sign, name="assessment_sign"),
    path(
        "<int:pk>/addenda/",
        assessments.assessment_addendum,
        name="assessment_addendum",
    ),
    path(
        "instruments/<slug:code>/new/",
        instruments.administration_create,
        name="administration_create",
    ),
    path(
        "instruments/<slug:code>/preview/",
        instruments.administration_preview,
        name="administration_preview",
    ),
    path(
        "instruments/<slug:code>/",
        instruments.instrument_history,
        name="instrument_history",
    ),
    path(
        "results/<int:pk>/",
        instruments.administration_detail,
        name="administration_detail",
    ),
    path(
        "flags/<int:pk>/acknowledge/",
        instruments.flag_acknowledge,
        name="flag_acknowledge",
    ),
]

plan_patterns = [
    path("panel/", plans.plan_panel, name="plan_panel"),
    path("", plans.plan_list, name="plan_list"),
    path("new/", plans.plan_start, name="plan_start"),
    path("compare/", plans.plan_compare, name="plan_compare"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/autosave/", plans.plan_autosave, name="plan_autosave"),
    path("<int:pk>/goals/new/", plans.goal_create, name="goal_create"),
    path("<int:pk>/goals/<int:goal_id>/", plans.goal_edit, name="goal_edit"),
    path(
        "<int:pk>/goals/<int:goal_id>/autosave/",
        plans.goal_autosave,
        name="goal_autosave",
    ),
    path("<int:pk>/goals/<int:goal_id>/remove/", plans.goal_remove, name="goal_remove"),
    path("<int:pk>/participants/", plans.participant_add, name="participant_add"),
    path(
        "<int:pk>/participants/<int:participant_id>/remove/",
        plans.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("<int:pk>/return/", plans.plan_return, name="plan_return"),
    path("<int:pk>/review/", plans.review_create, name="review_create"),
    path("<int:pk>/crisis-plan/", plans.crisis_plan, name="crisis_plan"),
    path("<int:pk>/advance-statement/", plans.advance_statement, name="advance_statement"),
    path("visits/<int:visit_id>/goals/", plans.visit_goals, name="visit_goals"),
]

urlpatterns = [
    path("assessments/", include(assessment_patterns)),
    path("care-plan/", include(plan_patterns)),
]
