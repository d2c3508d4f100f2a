from django.urls import path

from casework.routes import routes
from clients.views import assignment

urlpatterns = [
    path("<int:pk>/staff/", assignment.assignments, name="assignments"),
    path("<int:pk>/staff/primary/", assignment.primary_reassign, name="primary_reassign"),
    path("<int:pk>/staff/secondary/", assignment.secondary_add, name="secondary_add"),
    *routes("<int:pk>/staff/<int:assignment_id>/", end=assignment.secondary_end),
    *routes("<int:pk>/", transfer=assignment.transfer),
    *routes("<int:pk>/transfer/", suggestions=assignment.transfer_suggestions),
]
