from django.urls import path

from pages import provider_packet, views

# Pages that gather several apps, composed here above them. Their URLs sit with the pages
# they belong to (a client's care team), under names without a namespace.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "clients/<int:client_id>/care-team/<int:pk>/send/",
        provider_packet.provider_send_view,
        name="provider_send",
    ),
    path(
        "clients/<int:client_id>/care-team/<int:pk>/sent/<int:disclosure_id>/",
        provider_packet.provider_packet_view,
        name="provider_packet",
    ),
]
