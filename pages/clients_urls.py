"""The `clients` namespace: the clients app's routes, and the pages that gather every app's
parts of a client (the record page, a contact note's panels, "Send to provider"), composed here
above the apps under the names and paths they always had."""

from django.urls import path

from clients.urls import urlpatterns as clients_urlpatterns
from pages import provider_packet, views

app_name = "clients"
urlpatterns = [
    path("<int:pk>/", views.client_record, name="detail"),
    path("<int:client_id>/visits/<int:pk>/panels/", views.visit_panels, name="visit_panels"),
    path(
        "<int:client_id>/care-team/<int:pk>/send/",
        provider_packet.provider_send_view,
        name="provider_send",
    ),
    path(
        "<int:client_id>/care-team/<int:pk>/sent/<int:disclosure_id>/",
        provider_packet.provider_packet_view,
        name="provider_packet",
    ),
    *clients_urlpatterns,
]
