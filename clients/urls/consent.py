from django.urls import path

from clients.views import consent

urlpatterns = [
    path("consents/expiring/", consent.consents_expiring, name="consents_expiring"),
    path("<int:client_id>/consents/", consent.consent_list, name="consents"),
    path("<int:client_id>/consents/new/", consent.consent_create, name="consent_create"),
    path("<int:client_id>/consents/<int:pk>/", consent.consent_detail, name="consent_detail"),
    path("<int:client_id>/consents/<int:pk>/sign/", consent.consent_sign, name="consent_sign"),
    path(
        "<int:client_id>/consents/<int:pk>/form/",
        consent.consent_form_download,
        name="consent_form",
    ),
    path(
        "<int:client_id>/consents/<int:pk>/form/new/",
        consent.consent_attach,
        name="consent_attach",
    ),
    path(
        "<int:client_id>/consents/<int:pk>/revoke/", consent.consent_revoke, name="consent_revoke"
    ),
    path(
        "<int:client_id>/consents/<int:pk>/event/",
        consent.consent_end_by_event,
        name="consent_event",
    ),
    path("<int:client_id>/disclosures/", consent.disclosure_list, name="disclosures"),
    path("<int:client_id>/disclosures/new/", consent.disclosure_create, name="disclosure_create"),
    path(
        "<int:client_id>/disclosures/new/legal-basis/",
        consent.disclosure_create_on_basis,
        name="disclosure_create_on_basis",
    ),
    path("<int:client_id>/panels/consent/", consent.consent_panel, name="consent_panel"),
]
