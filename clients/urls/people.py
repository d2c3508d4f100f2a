from django.urls import path

from clients.views import people

urlpatterns = [
    path("<int:client_id>/people/", people.people_list, name="people"),
    path("<int:client_id>/people/new/", people.person_create, name="person_create"),
    path("<int:client_id>/people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path(
        "<int:client_id>/people/<int:pk>/inactive/",
        people.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "<int:client_id>/people/<int:pk>/active/",
        people.person_reactivate,
        name="person_reactivate",
    ),
    path("<int:client_id>/panels/people/", people.people_panel, name="people_panel"),
]
