from django.urls import path

from casework.security import views

app_name = "security"
urlpatterns = [
    path("audit/", views.audit_report, name="audit_report"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/clients/<int:client_id>/", views.client_audit, name="client_audit"),
    path(
        "audit/clients/<int:client_id>/panel/",
        views.client_audit_panel,
        name="client_audit_panel",
    ),
]

urlpatterns += [
    path("emergency-access/", views.emergency_start, name="emergency_start"),
    path("emergency-access/review/", views.emergency_review_queue, name="emergency_review_queue"),
    path("emergency-access/<int:pk>/reviewed/", views.emergency_review, name="emergency_review"),
    path("accounts/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
