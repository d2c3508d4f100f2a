from clients.urls.parts import record_part
from clients.views import events

urlpatterns = record_part(
    "events",
    events.events_list,
    events.events_panel,
    events.event_create,
    edit=events.event_edit,
    discharge=events.event_discharge,
    void=events.event_void,
)
