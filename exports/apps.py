from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """The record page's "Copies and exports" panel is composed in pages."""

    name = "exports"
    verbose_name = "Exports: FHIR, the client's copy, the agency's export"
