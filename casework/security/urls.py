from django.urls import path

from casework.routes import routes
from casework.security import views

app_name = "security"
urlpatterns = [
    *routes("audit/", views.audit_report),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    *routes("audit/clients/<int:client_id>/", views.client_audit, panel=views.client_audit_panel),
]

urlpatterns += [
    *routes("emergency-access/", views.emergency_start, review=views.emergency_review_queue),
    *routes("emergency-access/<int:pk>/", reviewed=views.emergency_review),
    *routes("accounts/two-factor/", views.two_factor_setup, verify=views.two_factor_verify),
]
