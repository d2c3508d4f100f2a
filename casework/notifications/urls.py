from django.urls import path

from casework.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/done/", views.notification_done, name="done"),
    path("<int:pk>/snooze/", views.notification_snooze, name="snooze"),
    path("preferences/", views.notification_preferences, name="preferences"),
]
