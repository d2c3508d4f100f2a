"""Find a client and the timeline. The record page itself (`clients:detail`) is composed
in pages (pages/clients_urls.py)."""

from django.urls import path

from clients.views import records

urlpatterns = [
    path("", records.client_list, name="list"),
    path("<int:pk>/timeline/", records.client_timeline, name="timeline"),
]
