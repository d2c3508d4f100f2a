from clients.urls.parts import record_part
from clients.views import people

urlpatterns = record_part(
    "people",
    people.people_list,
    people.people_panel,
    people.person_create,
    edit=people.person_edit,
    inactive=people.person_deactivate,
    active=people.person_reactivate,
)
