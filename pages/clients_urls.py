"""The `clients` namespace: the clients app's routes, and the pages that gather every app's
parts of a client (the record page, a contact note's panels), composed here above the apps
under the names and paths they always had."""

from django.urls import path

from clients.urls import urlpatterns as clients_urlpatterns
from pages import views

app_name = "clients"
urlpatterns = [
    path("<int:pk>/", views.client_record, name="detail"),
    path("<int:client_id>/visits/<int:pk>/panels/", views.visit_panels, name="visit_panels"),
    *clients_urlpatterns,
]
