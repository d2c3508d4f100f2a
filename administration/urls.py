from django.urls import path

from administration.views import agency, imports, invitations, staff, structure
from casework.routes import routes

app_name = "administration"
urlpatterns = [
    path("agency/", structure.home, name="home"),
    *routes("agency/", switch=agency.agency_switch, details=agency.agency_details),
    *routes("agency/programs/", new=structure.program_create),
    *routes("agency/programs/<int:pk>/", structure.program_edit),
    *routes("agency/areas/", new=structure.area_create),
    *routes("agency/areas/<int:pk>/", structure.area_edit),
    *routes("agency/teams/", new=structure.team_create),
    *routes("agency/teams/<int:pk>/", structure.team_edit),
    path("agency/staff/", staff.staff_list, name="staff"),
    *routes("agency/staff/invite/", staff.staff_invite, many=staff.staff_invite_many),
    path(
        "agency/staff/invite/template.<str:fmt>",
        staff.staff_template,
        name="staff_template",
    ),
    *routes(
        "agency/staff/<int:user_id>/",
        staff.staff_detail,
        roles=staff.staff_roles,
        resend=staff.staff_resend,
        unlock=staff.staff_unlock,
        deactivate=staff.staff_deactivate,
        reactivate=staff.staff_reactivate,
    ),
    path("agency/import/", imports.import_start, name="import"),
    path(
        "agency/import/template/<str:kind>.<str:fmt>",
        imports.import_template,
        name="import_template",
    ),
    *routes(
        "agency/import/<int:pk>/",
        imports.import_detail,
        run=imports.import_run,
        discard=imports.import_discard,
    ),
    path("accounts/welcome/<str:uidb64>/<str:token>/", invitations.welcome, name="welcome"),
]
