from casework.routes import routes
from clients.views import visits

urlpatterns = [
    *routes("<int:client_id>/visits/", new=visits.visit_create),
    *routes("<int:client_id>/visits/new/", sign=visits.visit_create_sign),
    *routes(
        "<int:client_id>/visits/<int:pk>/",
        visits.visit_detail,
        edit=visits.visit_edit,
        autosave=visits.visit_autosave,
        sign=visits.visit_sign,
        addenda=visits.visit_addendum,
    ),
    *routes(
        "notes/",
        unsigned=visits.unsigned_notes,
        recent=visits.recent_notes,
        overdue=visits.overdue_notes,
    ),
]
