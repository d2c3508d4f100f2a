from django.urls import path

from clients.views import records

urlpatterns = [
    path("", records.client_list, name="list"),
    path("<int:pk>/", records.client_detail, name="detail"),
    path("<int:pk>/timeline/", records.client_timeline, name="timeline"),
]
