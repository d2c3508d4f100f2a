"""Routes of assessments and instruments; casework/urls.py mounts them under
/clients/<client_id>/assessments/, so every view gets `client_id`."""

from django.urls import path

from careplans.views import assessments, instruments

app_name = "careplans"
urlpatterns = [
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
