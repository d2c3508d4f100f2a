"""The clients app's routes, one module per part of the record, all in the `clients`
namespace. Add a module's `urlpatterns` here."""

from clients.urls import (
    appointments,
    assignment,
    caseload,
    consent,
    documents,
    events,
    intake,
    lifecycle,
    offline,
    people,
    records,
    sync,
    visits,
)

app_name = "clients"
urlpatterns = [
    *records.urlpatterns,
    *caseload.urlpatterns,
    *intake.urlpatterns,
    *lifecycle.urlpatterns,
    *assignment.urlpatterns,
    *visits.urlpatterns,
    *sync.urlpatterns,
    *offline.urlpatterns,
    *people.urlpatterns,
    *documents.urlpatterns,
    *events.urlpatterns,
    *consent.urlpatterns,
    *appointments.urlpatterns,
]
