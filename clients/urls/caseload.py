from django.urls import path

from clients.views import caseload

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
]
