from django.urls import path

from clients.views import intake

urlpatterns = [
    path("new/", intake.client_create, name="create"),
    path("new/suggestions/", intake.intake_suggestions, name="intake_suggestions"),
    path("<int:pk>/edit/", intake.client_edit, name="edit"),
]
