from django.urls import path

from casework.routes import routes
from clients.views import consent

_ONE = "<int:client_id>/consents/<int:pk>/"

urlpatterns = [
    path("consents/expiring/", consent.consents_expiring, name="consents_expiring"),
    path("<int:client_id>/consents/", consent.consent_list, name="consents"),
    *routes("<int:client_id>/consents/", new=consent.consent_create),
    *routes(_ONE, consent.consent_detail, sign=consent.consent_sign, revoke=consent.consent_revoke),
    path(f"{_ONE}form/", consent.consent_form_download, name="consent_form"),
    *routes(f"{_ONE}form/", new=consent.consent_attach),
    path(f"{_ONE}event/", consent.consent_end_by_event, name="consent_event"),
    path("<int:client_id>/disclosures/", consent.disclosure_list, name="disclosures"),
    *routes(
        "<int:client_id>/disclosures/new/",
        consent.disclosure_create,
        legal_basis=consent.disclosure_create_on_basis,
    ),
    path("<int:client_id>/panels/consent/", consent.consent_panel, name="consent_panel"),
]
