from django.urls import path

from clients.views import events

urlpatterns = [
    path("<int:client_id>/events/", events.events_list, name="events"),
    path("<int:client_id>/events/new/", events.event_create, name="event_create"),
    path("<int:client_id>/events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path(
        "<int:client_id>/events/<int:pk>/discharge/",
        events.event_discharge,
        name="event_discharge",
    ),
    path("<int:client_id>/events/<int:pk>/void/", events.event_void, name="event_void"),
    path("<int:client_id>/panels/events/", events.events_panel, name="events_panel"),
]
