from django.urls import path

from clients.views import assignment

urlpatterns = [
    path("<int:pk>/staff/", assignment.assignments, name="assignments"),
    path("<int:pk>/staff/primary/", assignment.primary_reassign, name="primary_reassign"),
    path("<int:pk>/staff/secondary/", assignment.secondary_add, name="secondary_add"),
    path(
        "<int:pk>/staff/<int:assignment_id>/end/",
        assignment.secondary_end,
        name="secondary_end",
    ),
    path("<int:pk>/transfer/", assignment.transfer, name="transfer"),
    path(
        "<int:pk>/transfer/suggestions/",
        assignment.transfer_suggestions,
        name="transfer_suggestions",
    ),
]
