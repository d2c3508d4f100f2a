from django.urls import path

from clients.views import visits

urlpatterns = [
    path("<int:client_id>/visits/new/", visits.visit_create, name="visit_create"),
    path("<int:client_id>/visits/new/sign/", visits.visit_create_sign, name="visit_create_sign"),
    path("<int:client_id>/visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("<int:client_id>/visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("<int:client_id>/visits/<int:pk>/autosave/", visits.visit_autosave, name="visit_autosave"),
    path("<int:client_id>/visits/<int:pk>/sign/", visits.visit_sign, name="visit_sign"),
    path("<int:client_id>/visits/<int:pk>/addenda/", visits.visit_addendum, name="visit_addendum"),
    path("notes/unsigned/", visits.unsigned_notes, name="unsigned_notes"),
    path("notes/recent/", visits.recent_notes, name="recent_notes"),
    path("notes/overdue/", visits.overdue_notes, name="overdue_notes"),
]
