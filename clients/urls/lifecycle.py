from django.urls import path

from casework.routes import routes
from clients.views import lifecycle

urlpatterns = [
    path("<int:pk>/status/", lifecycle.status_change, name="status_change"),
    *routes("<int:pk>/", discharge=lifecycle.discharge, reopen=lifecycle.reopen),
    path("<int:pk>/program/", lifecycle.enrolment_change, name="enrolment_change"),
    *routes("<int:client_id>/panels/status/", lifecycle.status_panel),
]
