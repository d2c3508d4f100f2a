from django.urls import path

from administration.views import agency, imports, invitations, staff, structure

app_name = "administration"
urlpatterns = [
    path("agency/", structure.home, name="home"),
    path("agency/switch/", agency.agency_switch, name="agency_switch"),
    path("agency/details/", agency.agency_details, name="agency_details"),
    path("agency/programs/new/", structure.program_create, name="program_create"),
    path("agency/programs/<int:pk>/", structure.program_edit, name="program_edit"),
    path("agency/areas/new/", structure.area_create, name="area_create"),
    path("agency/areas/<int:pk>/", structure.area_edit, name="area_edit"),
    path("agency/teams/new/", structure.team_create, name="team_create"),
    path("agency/teams/<int:pk>/", structure.team_edit, name="team_edit"),
    path("agency/staff/", staff.staff_list, name="staff"),
    path("agency/staff/invite/", staff.staff_invite, name="staff_invite"),
    path("agency/staff/invite/many/", staff.staff_invite_many, name="staff_invite_many"),
    path(
        "agency/staff/invite/template.<str:fmt>",
        staff.staff_template,
        name="staff_template",
    ),
    path("agency/staff/<int:user_id>/", staff.staff_detail, name="staff_detail"),
    path("agency/staff/<int:user_id>/roles/", staff.staff_roles, name="staff_roles"),
    path("agency/staff/<int:user_id>/resend/", staff.staff_resend, name="staff_resend"),
    path("agency/staff/<int:user_id>/unlock/", staff.staff_unlock, name="staff_unlock"),
    path("agency/staff/<int:user_id>/deactivate/", staff.staff_deactivate, name="staff_deactivate"),
    path("agency/staff/<int:user_id>/reactivate/", staff.staff_reactivate, name="staff_reactivate"),
    path("agency/import/", imports.import_start, name="import"),
    path(
        "agency/import/template/<str:kind>.<str:fmt>",
        imports.import_template,
        name="import_template",
    ),
    path("agency/import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("agency/import/<int:pk>/run/", imports.import_run, name="import_run"),
    path("agency/import/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("accounts/welcome/<str:uidb64>/<str:token>/", invitations.welcome, name="welcome"),
]
