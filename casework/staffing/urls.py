from django.urls import path

from casework.staffing import views

app_name = "staffing"
urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:user_id>/", views.profile, name="profile"),
    path("staff/<int:user_id>/edit/", views.profile_edit, name="profile_edit"),
]
