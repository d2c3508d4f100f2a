from django.urls import path

from clients.views import lifecycle

urlpatterns = [
    path("<int:pk>/status/", lifecycle.status_change, name="status_change"),
    path("<int:pk>/discharge/", lifecycle.discharge, name="discharge"),
    path("<int:pk>/reopen/", lifecycle.reopen, name="reopen"),
    path("<int:pk>/program/", lifecycle.enrolment_change, name="enrolment_change"),
    path("<int:client_id>/panels/status/", lifecycle.status_panel, name="status_panel"),
]
